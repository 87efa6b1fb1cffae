package dev.dda.target.local.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs lifecycle steps the way the Greengrass nucleus does on Linux: {@code sh -c SCRIPT} in the component's work
 * folder, with the recipe's Setenv on top of the device environment, output appended to the component's log,
 * killed with its children when it outlives its Timeout. Install, Startup and Shutdown are waited for; Run is
 * started detached in its own session ({@code setsid}) with a pid file, so it outlives dda and can be stopped as
 * one process group.
 */
public final class LifecycleRunner {
    /** Greengrass' default timeouts. */
    public static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    /** One step, parsed: a script with its timeout and own environment. */
    public record Step(String script, Optional<Duration> timeout, Map<String, String> env, String skipIf) {
    }

    private LifecycleRunner() {}

    /** Reads a lifecycle entry, either a bare script or a mapping with Script, Timeout, Setenv, Skipif. */
    @SuppressWarnings("unchecked")
    public static Optional<Step> step(Map<String, Object> lifecycle, String name) {
        Object raw = Recipe.get(lifecycle, name);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof String s) {
            return Optional.of(new Step(s, Optional.empty(), Map.of(), null));
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        Object timeout = Recipe.get(m, "Timeout");
        Map<String, String> env = new LinkedHashMap<>();
        if (Recipe.get(m, "Setenv") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        Object skip = Recipe.get(m, "Skipif");
        return Optional.of(new Step(String.valueOf(Recipe.get(m, "Script")),
                timeout instanceof Number n ? Optional.of(Duration.ofSeconds(n.longValue())) : Optional.empty(),
                env, skip == null ? null : String.valueOf(skip)));
    }

    /** Runs a step to its end; throws when it fails or times out. */
    public static void run(String component, String stepName, Step step, Map<String, String> env, Path workDir,
                           Path log, Duration defaultTimeout) throws StepFailedException, IOException {
        if (skip(step, env)) {
            appendLog(log, component + " " + stepName + ": skipped (Skipif " + step.skipIf() + ")");
            return;
        }
        Files.createDirectories(workDir);
        appendLog(log, component + " " + stepName + ": start");
        long from = Files.size(log);
        Process p = start(List.of("sh", "-c", step.script()), env, workDir, log);
        Duration timeout = step.timeout().orElse(defaultTimeout);
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(p.toHandle());
            Thread.currentThread().interrupt();
            throw new StepFailedException(component + " " + stepName + " was interrupted");
        }
        if (!done) {
            kill(p.toHandle());
            appendLog(log, component + " " + stepName + ": timed out after " + timeout.toSeconds() + " s");
            throw new StepFailedException(component + " " + stepName + " did not finish within "
                    + timeout.toSeconds() + " s (see " + log + ")");
        }
        appendLog(log, component + " " + stepName + ": exit " + p.exitValue());
        if (p.exitValue() != 0) {
            throw new StepFailedException(component + " " + stepName + " failed with exit code " + p.exitValue()
                    + lastLines(log, from) + " (log: " + log + ")");
        }
    }

    /** Starts a Run step in its own session; returns its pid, which is also written to {@code pidFile}. */
    public static long startDetached(String component, Step step, Map<String, String> env, Path workDir, Path log,
                                     Path pidFile) throws IOException {
        Files.createDirectories(workDir);
        appendLog(log, component + " run: start (detached)");
        Process p = start(List.of("setsid", "sh", "-c", step.script()), env, workDir, log);
        Files.writeString(pidFile, Long.toString(p.pid()), StandardCharsets.US_ASCII);
        return p.pid();
    }

    /** Stops a detached Run: TERM to its process group, KILL after the grace period. */
    public static void stopDetached(Path pidFile, Duration grace) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            signalGroup(pid, "TERM");
            Instant deadline = Instant.now().plus(grace);
            while (h.get().isAlive() && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
            if (h.get().isAlive()) {
                signalGroup(pid, "KILL");
            }
        }
        Files.deleteIfExists(pidFile);
    }

    public static boolean alive(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private static Process start(List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static boolean skip(Step step, Map<String, String> env) {
        if (step.skipIf() == null) {
            return false;
        }
        String[] parts = step.skipIf().trim().split("\\s+", 2);
        if (parts.length < 2) {
            return false;
        }
        return switch (parts[0]) {
            case "exists" -> Files.exists(Path.of(parts[1]));
            case "onpath" -> java.util.Arrays.stream(env.getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, parts[1])));
            default -> false;
        };
    }

    private static void kill(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
    }

    private static void signalGroup(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void appendLog(Path log, String line) throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "[dda " + Instant.now() + "] " + line + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The last lines the step itself wrote (from byte {@code from} of the log), for the failure message. */
    private static String lastLines(Path log, long from) {
        try (var ch = Files.newByteChannel(log)) {
            ch.position(from);
            String text = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = text.lines().filter(l -> !l.startsWith("[dda ") && !l.isBlank()).toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : ": " + String.join(" | ", tail);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
