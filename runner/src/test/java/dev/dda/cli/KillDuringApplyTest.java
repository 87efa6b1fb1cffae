package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.state.FileStateStore;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-D" + FileWorldTargetProvider.ACTIVE + "=true",
                "-Ddda.test.latencyMs=150", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "apply", "--auto-approve", "--parallelism", "1", "-f", f.spec.toString(), "--root",
                f.root.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            waitForWorldFiles(f.root, 3, child);
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

    private static void waitForWorldFiles(Path root, int n, Process child) throws Exception {
        Path world = root.resolve("world");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child apply ended before it could be killed; see child.log");
            }
            if (Files.isDirectory(world)) {
                try (Stream<Path> files = Files.list(world)) {
                    List<Path> done = files.filter(p -> p.toString().endsWith(".json")).toList();
                    if (done.size() >= n) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child apply made no progress in 60 s");
    }
}
