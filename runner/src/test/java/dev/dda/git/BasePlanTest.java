package dev.dda.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.diff.SpecDiff;
import dev.dda.git.BasePlan.BaseLoadException;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.spec.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasePlanTest {
    @TempDir
    Path tmp;

    /** Stands in for the spec loader: one dataset whose files are those of the referenced folder on disk. */
    static ResourceGraph fakeLoad(Path spec) throws BaseLoadException {
        try {
            String text = Files.readString(spec);
            if (text.contains("broken")) {
                throw new BaseLoadException(spec + ":3:1: broken: expected a mapping");
            }
            Path source = spec.getParent().resolve("../data").normalize();
            Map<String, Object> files = new TreeMap<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> s = Files.walk(source)) {
                    s.filter(Files::isRegularFile).forEach(p -> files.put(source.relativize(p).toString(), p.toFile().length()));
                }
            }
            return ResourceGraph.of(List.of(new Resource(Address.parse("dataset.d"),
                    Map.of("files", files, "spec", text.trim()), Set.of(), false, SourceLocation.unknown("x"))));
        } catch (IOException e) {
            throw new BaseLoadException(e.getMessage());
        }
    }

    static String spec(String extra) {
        return "apiVersion: dda/v1\nkind: Pipeline\nmetadata: { name: p }\n"
                + "datasets:\n  d: { bucket: b, prefix: p/, source: ../data }\n# " + extra + "\n";
    }

    @Test
    void compare_whenImagesAddedSinceBase_seesBaseFilesFromGitNotDisk() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("pipelines/p.yaml", spec("v1"));
            repo.write("data/normal/1.png", "1");
            repo.commit("one");
            repo.write("data/normal/2.png", "22");
            repo.write("data/normal/3.png", "333");
            repo.write("pipelines/p.yaml", spec("v2"));
            Path specFile = repo.root().resolve("pipelines/p.yaml");

            SpecDiff d = BasePlan.compare(specFile, fakeLoad(specFile), "HEAD", BasePlanTest::fakeLoad);

            assertThat(d.problem()).isNull();
            assertThat(d.commit()).hasSize(40);
            assertThat(d.datasets().get(0).files().added()).containsExactly("normal/2.png", "normal/3.png");
            assertThat(d.changed().get(0).fields()).extracting(f -> f.path()).containsExactly("spec");
        }
    }

    @Test
    void compare_whenSpecIsNewSinceBase_showsEverythingAdded() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("README.md", "x");
            repo.commit("one");
            Path specFile = repo.write("pipelines/p.yaml", spec("v1"));
            SpecDiff d = BasePlan.compare(specFile, fakeLoad(specFile), "HEAD", BasePlanTest::fakeLoad);
            assertThat(d.added()).containsExactly(Address.parse("dataset.d"));
        }
    }

    @Test
    void compare_whenBaseSpecDoesNotLoad_reportsProblemWithRepositoryPaths() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("pipelines/p.yaml", spec("broken"));
            repo.commit("one");
            Path specFile = repo.write("pipelines/p.yaml", spec("fixed"));
            SpecDiff d = BasePlan.compare(specFile, fakeLoad(specFile), "HEAD", BasePlanTest::fakeLoad);
            assertThat(d.problem()).isEqualTo(
                    "the spec at HEAD (pipelines/p.yaml) does not load: pipelines/p.yaml:3:1: broken: expected a mapping");
            assertThat(d.isEmpty()).isFalse();
        }
    }

    @Test
    void compare_whenRevisionUnknown_throws() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            Path specFile = repo.write("pipelines/p.yaml", spec("v1"));
            repo.commit("one");
            assertThatThrownBy(() -> BasePlan.compare(specFile, fakeLoad(specFile), "origin/main", BasePlanTest::fakeLoad))
                    .isInstanceOf(GitException.class).hasMessageContaining("unknown revision 'origin/main'");
        }
    }
}
