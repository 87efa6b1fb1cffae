package dev.dda.edge.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Starts TensorFlow once per process, holding back the log lines its first graph prints that
 * {@code TF_CPP_MIN_LOG_LEVEL} asks to hide.
 *
 * <p>TensorFlow 2.18 logs part of its start-up through Abseil, which ignores that variable: every first session
 * printed "WARNING: All log messages before absl::InitializeLog() ..." and "I0000 ... MLIR V1 optimization pass is
 * not enabled" between the lines of {@code dda apply}, whatever the level. Abseil's own level cannot be set from
 * here (libtensorflow_cc keeps a private copy of it), and both lines come once per process, from the first graph
 * optimisation. So the first session runs on a one-op graph with the process's stderr pointed into a pipe, and a
 * thread passes on every line but those the level hides; anything else written meanwhile (by any thread) comes out
 * as it was, a moment later. Without a C library to do this (pipe, dup2), TensorFlow starts unfiltered.
 *
 * <p>TensorFlow sizes its process-wide thread pools (the intra-op pool every op of every session shares) from the
 * first session's options, so that first session is made with the options of the caller's own sessions. Started
 * with the defaults instead, the edge service's ops ran on a 2-thread pool where its model asks for one: the bare
 * call cost 0.73-0.93 ms of CPU instead of 0.45, spent in hand-offs (16 futex calls per call).
 */
public final class TensorFlowStart {
    /** Abseil's prefix: severity, MMDD, time (uninitialised: 00:00: and epoch seconds), thread, file:line. */
    private static final Pattern ABSL_LINE =
            Pattern.compile("^([IWEF])\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ \\S+:\\d+\\] ");
    private static final String ABSL_PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called";
    private static final int STDERR = 2;
    private static final long DRAIN_MILLIS = 2_000;

    private static volatile boolean started;

    private TensorFlowStart() {}

    /**
     * Idempotent; call before the first session or SavedModel of the process, with the options that session will
     * have (only the first call's count).
     */
    public static void ensure(ConfigProto sessionOptions) {
        if (started) {
            return;
        }
        synchronized (TensorFlowStart.class) {
            if (!started) {
                start(minLevel(System.getenv()), () -> runFirstSession(sessionOptions));
                started = true;
            }
        }
    }

    /** {@code TF_CPP_MIN_LOG_LEVEL} as TensorFlow reads it: 0 (everything) unless a level 1-3 is set. */
    static int minLevel(Map<String, String> env) {
        String v = env.getOrDefault("TF_CPP_MIN_LOG_LEVEL", "").trim();
        return v.matches("[0-3]") ? Integer.parseInt(v) : 0;
    }

    /** True for a line of Abseil's that {@code minLevel} hides; fatal lines are never hidden. */
    static boolean hidden(String line, int minLevel) {
        if (minLevel <= 0) {
            return false;
        }
        if (line.startsWith(ABSL_PREAMBLE)) {
            return true;
        }
        var m = ABSL_LINE.matcher(line);
        int level = m.find() ? "IWE".indexOf(m.group(1).charAt(0)) : -1;
        return level >= 0 && level < minLevel;
    }

    private static void start(int minLevel, Runnable firstSession) {
        StderrFilter filter = minLevel == 0 ? null : StderrFilter.open(minLevel);
        try {
            firstSession.run();
        } finally {
            if (filter != null) {
                filter.close();
            }
        }
    }

    /** fd 2 pointed into a pipe whose reader passes lines on to the original stderr, dropping the hidden ones. */
    private record StderrFilter(LibC c, int saved, int readEnd, Thread reader) {
        /** The filter in place, or null when the C library or a descriptor call fails: then nothing is filtered. */
        static StderrFilter open(int minLevel) {
            LibC c;
            try {
                c = LibC.load();
            } catch (LinkageError e) {
                return null;
            }
            int[] pipe = new int[2];
            if (c.pipe(pipe) != 0) {
                return null;
            }
            System.err.flush();
            int saved = c.dup(STDERR);
            if (saved < 0 || c.dup2(pipe[1], STDERR) < 0) {
                closeAll(c, saved, pipe[0], pipe[1]);
                return null;
            }
            c.close(pipe[1]); // from here the pipe's only writer is fd 2: restoring it ends the reader's input
            Thread reader = new Thread(() -> passOn(c, pipe[0], saved, minLevel), "tensorflow-start-log");
            reader.setDaemon(true);
            reader.start();
            return new StderrFilter(c, saved, pipe[0], reader);
        }

        /** Puts stderr back and lets the reader drain what was written meanwhile. */
        void close() {
            System.err.flush();
            c.dup2(saved, STDERR);
            try {
                reader.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeAll(c, saved, readEnd);
        }
    }

    private static void runFirstSession(ConfigProto sessionOptions) {
        // a fetched value, not a bare target: a graph with nothing to compute is run without being optimised
        try (Graph g = new Graph(); Session s = new Session(g, sessionOptions)) {
            Ops tf = Ops.create(g);
            s.runner().fetch(tf.math.add(tf.constant(1f), tf.constant(1f))).run().close();
        }
    }

    /** Copies lines from the pipe to the saved stderr, dropping hidden ones; a last line without newline too. */
    private static void passOn(LibC c, int from, int to, int minLevel) {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (long n; (n = c.read(from, buf, buf.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                line.write(buf[i]);
                if (buf[i] == '\n') {
                    emit(c, line, to, minLevel);
                }
            }
        }
        emit(c, line, to, minLevel);
    }

    private static void emit(LibC c, ByteArrayOutputStream line, int to, int minLevel) {
        if (line.size() > 0 && !hidden(line.toString(StandardCharsets.UTF_8), minLevel)) {
            byte[] rest = line.toByteArray();
            for (long w; rest.length > 0 && (w = c.write(to, rest, rest.length)) > 0; ) {
                rest = Arrays.copyOfRange(rest, (int) w, rest.length);
            }
        }
        line.reset();
    }

    private static void closeAll(LibC c, int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                c.close(fd);
            }
        }
    }
}
