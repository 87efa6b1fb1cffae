package dev.dda.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code dda apply} in a child JVM on the file-world target, slowed down so a test can stop it half-way. */
final class ChildApply {
    private ChildApply() {}

    /** Starts the apply of the fixture's spec; its output goes to {@code log}. */
    static Process start(CliFixture f, int latencyMs, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-D" + FileWorldTargetProvider.ACTIVE + "=true",
                "-Ddda.test.latencyMs=" + latencyMs, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "apply", "--auto-approve", "--parallelism", "1", "-f", f.spec.toString(),
                "--root", f.root.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Returns once the child has made {@code n} resources in the world, failing if it ends or stalls first. */
    static void awaitWorldFiles(Path root, int n, Process child) throws Exception {
        Path world = root.resolve("world");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child apply ended before the test could stop it; see its log");
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
