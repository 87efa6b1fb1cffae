package dev.dda.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import dev.dda.edge.preprocess.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path repo;

    @Test
    void load_whileOldVersionInFlight_closesOldOnlyAfterRelease() throws Exception {
        writeVersions("1", "2");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", "1");
            LoadedModel inFlight = registry.acquire("m");

            ModelStatus answered = registry.load("m", "2");

            assertThat(answered.servingVersion()).isEqualTo("2");
            assertThat(answered.loadingVersion()).as("nothing is loading once load returns").isNull();
            assertThat(answered.state()).isEqualTo(ModelState.READY);
            assertThat(inFlight.closed()).isFalse();
            assertThat(inFlight.infer(new float[256]).score()).isBetween(0f, 1f); // still usable
            inFlight.release();
            assertThat(inFlight.closed()).isTrue();
            LoadedModel now = registry.acquire("m");
            assertThat(now.manifest().version()).isEqualTo("2");
            now.release();
        }
    }

    @Test
    void load_whenPackageCorrupt_keepsServingAndRecordsReason() throws Exception {
        writeVersions("1", "2");
        withoutSavedModel("2");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", "1");

            assertThatThrownBy(() -> registry.load("m", "2")).isInstanceOf(ModelPackageException.class)
                    .hasMessageContaining("missing");

            ModelStatus s = registry.status("m");
            assertThat(s.state()).isEqualTo(ModelState.READY);
            assertThat(s.servingVersion()).isEqualTo("1");
            assertThat(s.failedVersion()).isEqualTo("2");
            assertThat(s.reason()).contains("saved_model/saved_model.pb");
        }
    }

    @Test
    void acquire_whenUnloaded_throwsNotReadyWithState() throws Exception {
        writeVersions("1");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", null);
            registry.unload("m");

            assertThatThrownBy(() -> registry.acquire("m")).isInstanceOfSatisfying(ModelNotReadyException.class,
                    e -> assertThat(e.status().state()).isEqualTo(ModelState.UNAVAILABLE));
            assertThat(registry.ready()).isFalse();
        }
    }

    @Test
    void unloadAfterDelay_whenNothingIsAskedMeanwhile_servesUntilThenStops() throws Exception {
        writeVersions("1");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", "1");

            ModelStatus asked = registry.unload("m", Duration.ofMillis(300));

            assertThat(asked.state()).isEqualTo(ModelState.READY);
            assertThat(Instant.parse(asked.unloadAt())).isAfter(Instant.now());
            registry.acquire("m").release();
            awaitState(registry, ModelState.UNAVAILABLE);
            assertThat(registry.status("m").unloadAt()).isNull();
        }
    }

    @Test
    void unloadAfterDelay_whenTheNextVersionLoadsFirst_keepsServingIt() throws Exception {
        writeVersions("1", "2");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", "1");
            registry.unload("m", Duration.ofMillis(200)); // the old component's Shutdown

            ModelStatus loaded = registry.load("m", "2"); // the new one's Startup

            assertThat(loaded.unloadAt()).isNull();
            Thread.sleep(500);
            assertThat(registry.status("m").servingVersion()).isEqualTo("2");
        }
    }

    @Test
    void unloadAfterDelay_whenTheNewVersionFailsAndTheOldIsLoadedAgain_keepsServingTheOld() throws Exception {
        writeVersions("1", "2");
        withoutSavedModel("2");
        try (ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1)) {
            registry.load("m", "1");
            registry.unload("m", Duration.ofMillis(200));
            assertThatThrownBy(() -> registry.load("m", "2")).isInstanceOf(ModelPackageException.class);

            registry.load("m", "1"); // Greengrass's rollback starts the old component again

            Thread.sleep(500);
            assertThat(registry.status("m").servingVersion()).isEqualTo("1");
        }
    }

    /** Demo packages of model "m", 16x16 grey, one per version. */
    private void writeVersions(String... versions) throws Exception {
        for (String v : versions) {
            DemoModel.write(repo, "m", v, InputSpec.of(16, 16, 1), 0, 0.5);
        }
    }

    /** Breaks a version's package: its SavedModel is gone, so loading it fails. */
    private void withoutSavedModel(String version) throws Exception {
        Files.delete(repo.resolve("m/" + version + "/saved_model/saved_model.pb"));
    }

    private static void awaitState(ModelRegistry registry, ModelState state) throws InterruptedException {
        for (int i = 0; i < 100 && registry.status("m").state() != state; i++) {
            Thread.sleep(50);
        }
        assertThat(registry.status("m").state()).isEqualTo(state);
    }
}
