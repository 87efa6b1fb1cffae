package dev.dda.edge.bench;

import dev.dda.edge.runtime.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bare model call, in process, with N threads: what the HTTP service is compared against. The model is
 * loaded exactly as the server loads it (same thread settings, same warm-up); this times {@link LoadedModel#infer}
 * alone, input tensor creation included, decoding and HTTP excluded.
 */
public final class ModelBench {
    /** Calls per second over all threads, and per-call latency percentiles in ms. */
    public record Result(int threads, long calls, double seconds, double callsPerSecond, double p50Ms, double p99Ms) {}

    private ModelBench() {}

    public static Result measure(LoadedModel model, int threads, double seconds) throws InterruptedException {
        float[] input = new float[model.input().valuesPerImage()];
        Arrays.fill(input, 0.1f);
        for (int i = 0; i < 200; i++) {
            model.infer(input);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        int[] counts = new int[threads];
        for (int t = 0; t < threads; t++) {
            long[] samples = new long[2_000_000];
            perThread.add(samples);
            int id = t;
            workers.add(new Thread(() -> {
                int n = 0;
                while (!stop.get() && n < samples.length) {
                    long s = System.nanoTime();
                    model.infer(input);
                    samples[n++] = System.nanoTime() - s;
                }
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
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(threads, total, elapsed, total / elapsed, percentile(all, 0.50), percentile(all, 0.99));
    }

    /** p50 and p99 in ms of decode + resize + normalise of one encoded image, single thread. */
    public static double[] preprocess(dev.dda.edge.preprocess.Preprocessor p, byte[] encoded) throws Exception {
        int n = 300;
        long[] t = new long[n];
        for (int i = 0; i < 50; i++) {
            p.prepare(encoded);
        }
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            p.prepare(encoded);
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return new double[] {percentile(t, 0.5), percentile(t, 0.99)};
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }
}
