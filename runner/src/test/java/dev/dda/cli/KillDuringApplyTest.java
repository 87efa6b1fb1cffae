package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.state.FileStateStore;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of an apply half-way, then apply again: converges, nothing done twice, state intact. */
class KillDuringApplyTest {
    @TempDir
    Path dir;

    @AfterEach
    void realTarget() {
        System.clearProperty(FileWorldTargetProvider.ACTIVE);
    }

    @Test
    void apply_afterTheFirstApplyWasKilledHalfWay_convergesWithoutDoingAnythingTwice() throws Exception {
        CliFixture f = new CliFixture(dir);
        Process child = ChildApply.start(f, 150, dir.resolve("child.log"));
        try {
            ChildApply.awaitWorldFiles(f.root, 3, child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            child.waitFor(10, TimeUnit.SECONDS);
        }
        State halfWay = new FileStateStore(f.root.resolve("state.json")).load().orElseThrow();
        assertThat(halfWay.asMap().size()).isBetween(2, 8);
        assertThat(Files.exists(f.root.resolve("state.lock"))).as("the killed run left its lock").isTrue();

        System.setProperty(FileWorldTargetProvider.ACTIVE, "true");
        assertThat(f.ddaHere("apply", "--auto-approve")).as(f.out + "\n" + f.err).isEqualTo(0);

        assertThat(f.root.resolve("duplicates.log")).doesNotExist();
        State done = new FileStateStore(f.root.resolve("state.json")).load().orElseThrow();
        assertThat(done.lineage()).isEqualTo(halfWay.lineage());
        assertThat(done.asMap()).hasSize(8);
        assertThat(done.asMap().values()).allSatisfy(r -> assertThat(r.status())
                .isEqualTo(ResourceState.Status.APPLIED));
        assertThat(f.ddaHere("plan", "--detailed-exitcode")).isEqualTo(0);
        assertThat(f.root.resolve("state.lock")).doesNotExist();
    }
}
