package dev.dda.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.git.ChangedSpecs.ChangedSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedSpecsTest {
    @TempDir
    Path tmp;
    TestRepo repo;

    static String spec(String name, String source) {
        return "apiVersion: dda/v1\nkind: Pipeline\nmetadata: { name: " + name + " }\ntarget: local\n"
                + "datasets:\n  d: { bucket: b, prefix: p/, source: " + source + " }\n";
    }

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(tmp.resolve("r"));
        repo.write("pipelines/a.yaml", spec("a", "../data/a"));
        repo.write("pipelines/b.yaml", spec("b", "../data/b"));
        repo.write("pipelines/not-a-spec.yaml", "kind: Something\n");
        repo.write("data/a/normal/1.png", "1");
        repo.write("data/b/normal/1.png", "1");
        repo.write("README.md", "hello");
        repo.commit("base");
    }

    @Test
    void since_whenNothingChanged_isEmpty() {
        assertThat(ChangedSpecs.since(repo.root(), "HEAD")).isEmpty();
    }

    @Test
    void since_whenDatasetFileAddedAndCommitted_listsOnlyThatSpec() throws Exception {
        repo.write("data/a/normal/2.png", "2");
        repo.write("data/a/normal/1.png", "changed");
        repo.write("README.md", "unrelated");
        repo.commit("more images");
        List<ChangedSpec> changed = ChangedSpecs.since(repo.root(), "HEAD~1");
        assertThat(changed).containsExactly(
                new ChangedSpec("pipelines/a.yaml", "a", "local", List.of("data/a: 1 added, 1 changed")));
    }

    @Test
    void since_whenSpecEditedButUncommitted_listsIt() throws Exception {
        repo.write("pipelines/b.yaml", spec("b", "../data/b") + "# edited\n");
        assertThat(ChangedSpecs.since(repo.root(), "HEAD"))
                .extracting(ChangedSpec::spec, ChangedSpec::reasons)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pipelines/b.yaml", List.of("spec changed")));
    }

    @Test
    void since_whenNewSpecAndBrokenYaml_listsBothSoThePlanFailsVisibly() throws Exception {
        repo.write("other/c.yml", spec("c", "../data/a"));
        repo.write("pipelines/a.yaml", "apiVersion: dda/v1\nkind: Pipeline\nmetadata: [unclosed\n");
        List<ChangedSpec> changed = ChangedSpecs.since(repo.root(), "HEAD");
        assertThat(changed).extracting(ChangedSpec::spec).containsExactly("other/c.yml", "pipelines/a.yaml");
        assertThat(changed.get(0).reasons()).containsExactly("spec is new since HEAD");
    }

    @Test
    void since_whenFileRemovedFromDataset_countsRemoval() throws Exception {
        repo.delete("data/b/normal/1.png");
        assertThat(ChangedSpecs.since(repo.root(), "HEAD"))
                .extracting(ChangedSpec::reasons)
                .containsExactly(List.of("data/b: 1 removed"));
    }

    @Test
    void since_whenSpecsInBuildOutput_ignoresThem() throws Exception {
        repo.write("runner/target/classes/spec.yaml", spec("x", "."));
        assertThat(ChangedSpecs.since(repo.root(), "HEAD")).isEmpty();
    }
}
