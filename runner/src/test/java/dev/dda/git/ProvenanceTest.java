package dev.dda.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void detect_whenCleanCheckout_givesHeadAndNotDirty() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            Path spec = repo.write("pipelines/spec.yaml", "a");
            String head = repo.commit("one");
            Provenance p = Provenance.detect(spec);
            assertThat(p).isEqualTo(new Provenance(head, false));
            assertThat(p.label()).isEqualTo(head.substring(0, 12));
        }
    }

    @Test
    void detect_whenTrackedFileEdited_isDirty() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("spec.yaml", "a");
            String head = repo.commit("one");
            repo.write("spec.yaml", "b");
            Provenance p = Provenance.detect(repo.root());
            assertThat(p.commit()).isEqualTo(head);
            assertThat(p.dirty()).isTrue();
            assertThat(p.label()).endsWith("-dirty");
            assertThat(p.tagValue()).isEqualTo(head + "-dirty");
        }
    }

    @Test
    void detect_whenOnlyUntrackedFiles_isNotDirty() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("spec.yaml", "a");
            repo.commit("one");
            repo.write("notes.txt", "scratch");
            assertThat(Provenance.detect(repo.root()).dirty()).isFalse();
        }
    }

    @Test
    void detect_whenOutsideGitOrBeforeFirstCommit_isNone() throws Exception {
        assertThat(Provenance.detect(tmp.resolve("nowhere/spec.yaml"))).isEqualTo(Provenance.NONE);
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            assertThat(Provenance.detect(repo.root())).isEqualTo(Provenance.NONE);
        }
        assertThat(Provenance.NONE.label()).isEqualTo("unknown");
        assertThat(Provenance.NONE.tagValue()).isNull();
    }
}
