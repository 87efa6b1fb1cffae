package dev.dda.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.preprocess.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {
    @TempDir
    Path repo;

    @Test
    void write_whenSavedModelGiven_writesVerifiedPackageWithDigests() throws Exception {
        ModelPackage p = DemoModel.write(repo, "aliens", "1", InputSpec.of(32, 32, 1), 0, 0.5);

        assertThat(p.dir()).isEqualTo(repo.resolve("aliens/1"));
        assertThat(p.manifest().files()).containsKey("saved_model/saved_model.pb")
                .allSatisfy((k, v) -> assertThat(v).matches("[0-9a-f]{64}"));
        assertThat(p.manifest().createdAt()).isNotNull();
        ModelManifest reread = ModelPackage.open(repo.resolve("aliens/1")).manifest();
        assertThat(reread).isEqualTo(p.manifest());
        assertThat(new ModelRepository(repo).versions("aliens")).containsExactly("1");
        try (var list = Files.list(repo.resolve("aliens"))) {
            assertThat(list).hasSize(1); // no staging folder left behind
        }
    }

    @Test
    void open_whenFileModified_failsNamingTheFile() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Files.writeString(repo.resolve("m/1/saved_model/saved_model.pb"), "x", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> ModelPackage.open(repo.resolve("m/1")))
                .isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("SHA-256 mismatch for saved_model/saved_model.pb");
    }

    @Test
    void open_whenReportsBesideSavedModelAreListed_accepts() throws Exception {
        // the trainer puts metrics.json and evaluation.png in the package and lists them
        ModelPackage p = DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Files.writeString(p.dir().resolve("metrics.json"), "{}");
        java.util.Map<String, String> files = new java.util.TreeMap<>(p.manifest().files());
        files.put("metrics.json", FileDigests.sha256(p.dir().resolve("metrics.json")));
        ModelManifest m = p.manifest();
        ManifestCodec.write(new ModelManifest(m.formatVersion(), m.name(), m.version(), m.signature(), m.inputName(),
                m.scoreOutput(), m.heatmapOutput(), m.input(), m.anomalyThreshold(), m.labels(), m.metrics(),
                "not-a-hash", m.createdAt(), files), p.dir().resolve(ModelManifest.FILE_NAME));

        assertThat(ModelPackage.open(p.dir()).manifest().files()).containsKey("metrics.json");
    }

    @Test
    void open_whenUnlistedReportBesideSavedModel_accepts() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Files.writeString(repo.resolve("m/1/evaluation.png"), "not listed");

        assertThat(ModelPackage.open(repo.resolve("m/1")).manifest().name()).isEqualTo("m");
    }

    @Test
    void open_whenExtraFile_failsNamingIt() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Files.writeString(repo.resolve("m/1/saved_model/evil.so"), "x");
        Files.writeString(repo.resolve("m/1/notes.txt"), "an unlisted report beside saved_model/ is ignored");

        assertThatThrownBy(() -> ModelPackage.open(repo.resolve("m/1")))
                .hasMessageContaining("not listed in the manifest: [saved_model/evil.so]");
    }

    @Test
    void open_whenManifestViolatesSchema_failsWithField() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Path manifest = repo.resolve("m/1/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"anomalyThreshold\" : 0.5",
                "\"anomalyThreshold\" : 7"));

        assertThatThrownBy(() -> ModelPackage.open(repo.resolve("m/1")))
                .hasMessageContaining("anomalyThreshold");
    }

    @Test
    void open_whenFolderDisagreesWithManifest_fails() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        Files.move(repo.resolve("m/1"), repo.resolve("m/2"));

        assertThatThrownBy(() -> ModelPackage.open(repo.resolve("m/2")))
                .hasMessageContaining("manifest says m/1 but the package folder is m/2; they must agree: move it to m/1"
                        + " in the repository");
    }

    @Test
    void versionOrder_whenNumeric_comparesNumbers() {
        assertThat(ModelRepository.compareVersions("10", "9")).isPositive();
        assertThat(ModelRepository.compareVersions("1.10.0", "1.9.0")).isPositive();
        assertThat(ModelRepository.compareVersions("2", "2")).isZero();
        assertThat(ModelRepository.compareVersions("1.0.0-a", "1.0.0")).isPositive();
    }
}
