package dev.dda.edge.bench;

import dev.dda.edge.preprocess.Preprocessor;
import dev.dda.edge.runtime.LoadedModel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The bare model call, in process, with N threads: what the HTTP service is compared against. The model is
 * loaded exactly as the server loads it (same thread settings, same warm-up); this times {@link LoadedModel#infer}
 * alone, input tensor creation included, decoding and HTTP excluded.
 */
public final class ModelBench {
    /** How long decode + preprocess is run before it is timed: enough for the JIT to compile the hot loops. */
    private static final long WARM_NANOS = 2_000_000_000L;

    /** Calls per second over all threads, and per-call latency percentiles in ms. */
    public record Result(int threads, long calls, double seconds, double callsPerSecond, double p50Ms, double p99Ms,
                         double cpuMsPerCall) {}

    private ModelBench() {}

    /**
     * One figure from slices of the same measurement taken in turn with others: calls and seconds summed, the rest
     * from the slice of median throughput, so that a slice that another tenant slowed does not move it. Its
     * figures are kept together: medians taken figure by figure once paired 3,313 calls/s with a CPU cost per
     * call that only 2.7 cores could have spent.
     */
    public static Result combine(List<Result> slices) {
        if (slices.size() == 1) {
            return slices.get(0);
        }
        List<Result> byRate = slices.stream().sorted(Comparator.comparingDouble(Result::callsPerSecond)).toList();
        Result median = byRate.get(byRate.size() / 2);
        return new Result(median.threads(), slices.stream().mapToLong(Result::calls).sum(),
                slices.stream().mapToDouble(Result::seconds).sum(), median.callsPerSecond(), median.p50Ms(),
                median.p99Ms(), median.cpuMsPerCall());
    }

    public static Result measure(LoadedModel model, int threads, double seconds) throws Exception {
        float[] input = new float[model.input().valuesPerImage()];
        Arrays.fill(input, 0.1f);
        return timed(threads, seconds, () -> model.infer(input));
    }

    /**
     * The in-process pipeline a service cannot avoid: decode + preprocess of {@code encoded} and the model call,
     * N threads. Its throughput is the ceiling for /predict with that image; the HTTP figure against it shows
     * what the HTTP layer costs.
     */
    public static Result measurePipeline(LoadedModel model, byte[] encoded, int threads, double seconds)
            throws Exception {
        return timed(threads, seconds, () -> model.infer(model.preprocessor().prepare(encoded)));
    }

    private static Result timed(int threads, double seconds, ClosedLoop.Worker call) throws Exception {
        for (int i = 0; i < 200; i++) {
            call.once();
        }
        long cpu = processCpuNanos();
        ClosedLoop.Result r = ClosedLoop.run(threads, seconds, t -> call);
        double cpuMs = (processCpuNanos() - cpu) / 1e6;
        return new Result(r.threads(), r.calls(), r.seconds(), r.callsPerSecond(), r.p50Ms(), r.p99Ms(),
                cpuMs / Math.max(1, r.calls()));
    }

    /** CPU time of this whole process (all threads, TF's included): a cost that other load on the machine
     * does not inflate the way it inflates wall-clock latency. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    /**
     * p50 and p99 in ms of decode + resize + normalise of one encoded image, single thread, once compiled: after
     * the 50 calls this used to warm with, a JPEG still took 0.33 ms instead of the 0.13 it takes in the server.
     */
    public static double[] preprocess(Preprocessor p, byte[] encoded) throws Exception {
        int n = 1000;
        long[] t = new long[n];
        long warm = System.nanoTime() + WARM_NANOS;
        while (System.nanoTime() < warm) {
            p.prepare(encoded);
        }
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            p.prepare(encoded);
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return new double[] {ClosedLoop.percentile(t, 0.5), ClosedLoop.percentile(t, 0.99)};
    }
}
