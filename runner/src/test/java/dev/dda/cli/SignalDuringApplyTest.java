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

/**
 * SIGTERM (what a cancelled CI job and {@code kill} send; Ctrl-C's SIGINT takes the same path) half-way through an
 * apply: the steps under way finish, nothing more starts, the state holds no half-done step, the lock is released
 * and the report says so; a later apply goes on from there.
 */
class SignalDuringApplyTest {
    @TempDir
    Path dir;

    @AfterEach
    void realTarget() {
        System.clearProperty(FileWorldTargetProvider.ACTIVE);
    }

    @Test
    void apply_whenSignalledHalfWay_stopsCleanlyAndALaterApplyGoesOn() throws Exception {
        CliFixture f = new CliFixture(dir);
        Path log = dir.resolve("child.log");
        Process child = ChildApply.start(f, 300, log);
        int exit;
        try {
            ChildApply.awaitWorldFiles(f.root, 3, child);
            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the signalled apply ended").isTrue();
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }

        String out = Files.readString(log);
        assertThat(exit).as(out).isEqualTo(143); // 128 + SIGTERM, what CI runners and shells expect
        assertThat(out).contains("Interrupt received: dda starts nothing more")
                .contains("Apply interrupted: ")
                .contains("interrupted by a signal: not started")
                .contains("run dda apply again to go on from here");
        assertThat(f.root.resolve("state.lock")).as("the lock was released").doesNotExist();
        State stopped = new FileStateStore(f.root.resolve("state.json")).load().orElseThrow();
        assertThat(stopped.asMap().size()).isBetween(3, 7);
        assertThat(stopped.asMap().values()).as("no step was left half-done")
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResourceState.Status.APPLIED));

        System.setProperty(FileWorldTargetProvider.ACTIVE, "true");
        assertThat(f.ddaHere("apply", "--auto-approve")).as(f.out + "\n" + f.err).isEqualTo(0);
        assertThat(f.root.resolve("duplicates.log")).doesNotExist();
        assertThat(new FileStateStore(f.root.resolve("state.json")).load().orElseThrow().asMap()).hasSize(8);
        assertThat(f.ddaHere("plan", "--detailed-exitcode")).isEqualTo(0);
    }
}
