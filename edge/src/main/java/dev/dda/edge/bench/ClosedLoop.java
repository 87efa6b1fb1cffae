package dev.dda.edge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** N threads each repeating one call for a fixed time; every call timed. Shared by the HTTP and the bare benches. */
final class ClosedLoop {
    /** Calls over all threads, their rate, and per-call latency percentiles in ms. */
    record Result(int threads, long calls, double seconds, double callsPerSecond, double p50Ms, double p99Ms) {}

    interface Worker extends AutoCloseable {
        void once() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    interface Factory {
        Worker open(int thread) throws Exception;
    }

    private static final int MAX_SAMPLES_PER_THREAD = 4_000_000;
    /** Samples a thread starts with; grown as needed, so a short slice does not zero 32 MB per thread first. */
    private static final int FIRST_SAMPLES = 1 << 14;

    private ClosedLoop() {}

    static Result run(int threads, double seconds, Factory factory) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                long[] mine = new long[FIRST_SAMPLES];
                int n = 0;
                try (Worker w = factory.open(id)) {
                    while (!stop.get() && n < MAX_SAMPLES_PER_THREAD) {
                        long s = System.nanoTime();
                        w.once();
                        long took = System.nanoTime() - s;
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, Math.min(MAX_SAMPLES_PER_THREAD, 2 * n));
                        }
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
                samples[id] = mine;
                counts[id] = n;
            }, "bench-" + t));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(threads, total, elapsed, total / elapsed, percentile(all, 0.50), percentile(all, 0.99));
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }
}
