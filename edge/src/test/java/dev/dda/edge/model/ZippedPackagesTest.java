package dev.dda.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.testing.TestZips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZippedPackagesTest {
    @TempDir
    Path work;

    @Test
    void open_whenPackageIsZippedAsThePackagerWritesIt_unpacksAndVerifiesIt() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        zipPackage("m", "2", repo.resolve("m-2-x86_64-cpu.zip"));
        ModelRepository repository = new ModelRepository(repo);

        assertThat(repository.names()).containsExactly("m");
        assertThat(repository.versions("m")).containsExactly("2");
        assertThat(repository.latest("m")).contains("2");
        ModelPackage p = repository.open("m", "2");
        assertThat(p.manifest().name()).isEqualTo("m");
        assertThat(p.manifest().version()).isEqualTo("2");
        assertThat(p.dir().startsWith(repo)).isFalse(); // a read-only repository (a Greengrass artifact) is fine
        assertThat(p.savedModelDir().resolve("saved_model.pb")).isRegularFile();
        assertThat(repository.skippedZips()).isEmpty();
    }

    @Test
    void versions_whenFolderAndZipsMix_listsThemAllOldestFirstAndTheFolderWins() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        DemoModel.write(repo, "m", "1", InputSpec.of(8, 8, 1), 0, 0.5);
        zipPackage("m", "10", repo.resolve("ten.zip"));
        zipPackage("m", "1", repo.resolve("one-again.zip"));
        ModelRepository repository = new ModelRepository(repo);

        assertThat(repository.versions("m")).containsExactly("1", "10");
        assertThat(repository.open("m", "1").dir()).isEqualTo(repo.resolve("m/1"));
        assertThat(repository.open("m", "10").dir()).isNotEqualTo(repo.resolve("m/10"));
    }

    @Test
    void open_whenZipIsReplaced_unpacksTheNewOne() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        Path zip = repo.resolve("m.zip");
        zipPackage("m", "1", zip, InputSpec.of(8, 8, 1));
        ModelRepository repository = new ModelRepository(repo);
        assertThat(repository.open("m", "1").manifest().input().width()).isEqualTo(8);

        zipPackage("m", "1", zip, InputSpec.of(16, 8, 1));
        Files.setLastModifiedTime(zip, FileTime.fromMillis(Files.getLastModifiedTime(zip).toMillis() + 2_000));

        assertThat(repository.open("m", "1").manifest().input().width()).isEqualTo(16);
    }

    @Test
    void skippedZips_whenZipsAreNoPackages_namesEachWithTheReason() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        TestZips.ofText(repo.resolve("flat.zip"), Map.of("manifest.json", "{}"));
        TestZips.ofText(repo.resolve("two.zip"), Map.of("a/1/manifest.json", "{}", "b/1/manifest.json", "{}"));
        TestZips.ofText(repo.resolve("escape.zip"), Map.of("m/1/manifest.json", "{}", "m/1/../../../evil.sh", "x"));
        TestZips.ofText(repo.resolve("nomanifest.zip"), Map.of("m/1/saved_model/saved_model.pb", "x"));
        Files.writeString(repo.resolve("random.zip"), "not a zip at all");
        TestZips.ofText(repo.resolve(".hidden.zip"), Map.of("manifest.json", "{}"));
        ModelRepository repository = new ModelRepository(repo);

        assertThat(repository.names()).isEmpty();
        assertThat(repository.skippedZips()).satisfiesExactlyInAnyOrder(
                s -> assertThat(s).contains("escape.zip: entry 'm/1/../../../evil.sh' has a path segment '..'"),
                s -> assertThat(s).contains("flat.zip: entry 'manifest.json' is not under NAME/VERSION/"),
                s -> assertThat(s).contains("nomanifest.zip: holds no NAME/VERSION/manifest.json"),
                s -> assertThat(s).contains("random.zip: is not a readable ZIP file"),
                s -> assertThat(s).contains("two.zip: holds more than one package (a/1/ and b/1/)"));
        assertThat(work.resolve("evil.sh")).doesNotExist();
    }

    @Test
    void unpack_whenZipInflatesPastTheLimit_refusesAndLeavesNothing() throws Exception {
        Path zip = work.resolve("bomb.zip");
        TestZips.ofText(zip, Map.of("m/1/manifest.json", "{}", "m/1/saved_model/saved_model.pb", "0".repeat(1 << 20)));
        assertThat(Files.size(zip)).isLessThan(16 << 10);
        ZippedPackages.Zipped z = ZippedPackages.describe(zip);
        Path into = work.resolve("unpacked");

        assertThatThrownBy(() -> ZippedPackages.unpack(z, into, 64 << 10))
                .isInstanceOf(ModelPackageException.class)
                .hasMessageContaining("unpacks to more than 65536 bytes");
        try (Stream<Path> left = Files.walk(into)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void open_whenUnpackedFilesDoNotMatchTheManifest_refusesLikeAFolder() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        Path folder = DemoModel.write(work.resolve("built"), "m", "1", InputSpec.of(8, 8, 1), 0, 0.5).dir();
        Files.writeString(folder.resolve("saved_model/saved_model.pb"), "tampered");
        TestZips.ofFolder(folder, "m/1/", repo.resolve("m.zip"));

        assertThatThrownBy(() -> new ModelRepository(repo).open("m", "1"))
                .hasMessageContaining("SHA-256 mismatch for saved_model/saved_model.pb");
    }

    private void zipPackage(String name, String version, Path zip) throws Exception {
        zipPackage(name, version, zip, InputSpec.of(8, 8, 1));
    }

    private void zipPackage(String name, String version, Path zip, InputSpec input) throws Exception {
        Path built = Files.createTempDirectory(work, "built");
        ModelPackage p = DemoModel.write(built, name, version, input, 0, 0.5);
        TestZips.ofFolder(p.dir(), name + "/" + version + "/", zip);
    }
}
