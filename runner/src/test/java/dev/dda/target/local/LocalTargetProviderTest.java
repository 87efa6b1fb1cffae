package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.manifest.S3Uri;
import dev.dda.spec.LoadedSpec;
import dev.dda.state.State;
import dev.dda.target.Target;
import dev.dda.target.TargetOptions;
import dev.dda.target.TargetProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTargetProviderTest {
    @TempDir
    Path tmp;

    private static LoadedSpec spec(Path dir) {
        return new LoadedSpec(dir.resolve("dda-pipeline.yaml"), "line-1", "local", "us-east-1", Map.of(), "h", Map.of());
    }

    @Test
    void serviceLoader_findsLocal_andOpeningWritesNothing() throws Exception {
        TargetProvider p = ServiceLoader.load(TargetProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("local")).findFirst().orElseThrow();
        Path root = tmp.resolve("root");
        try (Target t = p.open(spec(tmp), new TargetOptions(root, Map.of()))) {
            assertThat(root).doesNotExist();
            assertThat(t.handler("bucket")).isPresent();
            assertThat(t.handler("training")).as("the packaging handlers are registered too").isPresent();
            t.stateStore().save(new State("lineage-1", 1, "line-1", new java.util.TreeMap<>()));
            assertThat(root.resolve("state/line-1.json")).isRegularFile();
            var lease = t.lock().acquire("apply", Duration.ofMinutes(1));
            assertThat(t.lock().current()).isPresent();
            t.lock().release(lease);
        }
    }

    @Test
    void open_whenRootIsAFile_saysSo() throws Exception {
        Path file = Files.writeString(tmp.resolve("root"), "x");
        assertThatThrownBy(() -> new LocalTargetProvider().open(spec(tmp), new TargetOptions(file, Map.of())))
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void objectPath_findsTheBucketInAnyAccount() throws Exception {
        LocalTarget t = new LocalTarget(tmp, spec(tmp), null, null);
        Files.createDirectories(t.bucketDir("111111111111", "sagemaker-x").resolve("objects/a"));
        assertThat(t.objectPath(S3Uri.parse("s3://sagemaker-x/a/1.png")))
                .contains(tmp.resolve("accounts/111111111111/buckets/sagemaker-x/objects/a/1.png"));
        assertThat(t.objectPath(S3Uri.parse("s3://agemaker-x/a/1.png"))).isEmpty();
    }
}
