package dev.dda.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRevisionTest {
    @TempDir
    Path tmp;

    @Test
    void read_whenFileChangedLater_returnsBytesOfTheRevision() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("p/spec.yaml", "v: 1\n");
            repo.commit("one");
            repo.write("p/spec.yaml", "v: 2\n");
            repo.commit("two");
            repo.write("p/spec.yaml", "v: 3 (uncommitted)\n");

            assertThat(new String(GitRevision.read(repo.root(), "HEAD~1", "p/spec.yaml"), StandardCharsets.UTF_8))
                    .isEqualTo("v: 1\n");
            assertThat(new String(GitRevision.read(repo.root(), "HEAD", "p/spec.yaml"), StandardCharsets.UTF_8))
                    .isEqualTo("v: 2\n");
        }
    }

    @Test
    void open_whenRevisionUnknown_namesItAndHintsAtShallowClones() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("a.txt", "a");
            repo.commit("one");
            assertThatThrownBy(() -> GitRevision.open(repo.root(), "HEAD~5"))
                    .isInstanceOf(GitException.class)
                    .hasMessageContaining("unknown revision 'HEAD~5'")
                    .hasMessageContaining("fetch-depth: 0");
        }
    }

    @Test
    void open_whenNotInRepository_saysSo() {
        assertThatThrownBy(() -> GitRevision.open(tmp, "HEAD"))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("is not inside a git work tree");
    }

    @Test
    void read_whenPathAbsentAtRevision_throwsNamingIt() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("a.txt", "a");
            repo.commit("one");
            assertThatThrownBy(() -> GitRevision.read(repo.root(), "HEAD", "b.txt"))
                    .hasMessage("b.txt does not exist at HEAD");
        }
    }

    @Test
    void export_whenSpecAndFolder_writesThemAtTheirRevisionContent() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("pipelines/spec.yaml", "old spec");
            repo.write("data/aliens/normal/1.png", "n1");
            repo.write("data/aliens/anomaly/1.png", "a1");
            repo.commit("one");
            repo.write("data/aliens/normal/2.png", "n2");
            repo.write("pipelines/spec.yaml", "new spec");
            repo.commit("two");

            Path out = tmp.resolve("out");
            try (GitRevision rev = GitRevision.open(repo.root(), "HEAD~1")) {
                rev.export(List.of("pipelines/spec.yaml", "pipelines/../data/aliens", "missing"), out);
                assertThat(rev.files("data/aliens")).containsOnlyKeys("anomaly/1.png", "normal/1.png");
            }
            assertThat(Files.readString(out.resolve("pipelines/spec.yaml"))).isEqualTo("old spec");
            assertThat(Files.readString(out.resolve("data/aliens/normal/1.png"))).isEqualTo("n1");
            assertThat(out.resolve("data/aliens/normal/2.png")).doesNotExist();
            assertThat(out.resolve("missing")).doesNotExist();
        }
    }

    @Test
    void export_whenPathLeavesRepository_refuses() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("a.txt", "a");
            repo.commit("one");
            try (GitRevision rev = GitRevision.open(repo.root(), "HEAD")) {
                assertThatThrownBy(() -> rev.export(List.of("../etc"), tmp.resolve("out")))
                        .hasMessageContaining("points outside the repository");
            }
        }
    }

    @Test
    void relative_whenPathInsideWorkTree_isSlashSeparatedFromRoot() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("x/y/spec.yaml", "a");
            repo.commit("one");
            try (GitRevision rev = GitRevision.open(repo.root().resolve("x"), "HEAD")) {
                assertThat(rev.relative(repo.root().resolve("x/y/spec.yaml"))).isEqualTo("x/y/spec.yaml");
                assertThat(rev.commitId()).hasSize(40);
            }
        }
    }
}
