package dev.dda.apply;

import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints how fast the engine plans and applies against the in-memory fake target: planning cost per resource
 * (digests, observe, diff), and apply wall time for a wide graph at several parallelism settings, where each
 * node's handler takes a fixed latency and every node writes state (intent + applied, fsynced).
 * Run with bench/engine.sh.
 */
public final class EngineBench {
    private EngineBench() {}

    public static void main(String[] args) throws Exception {
        int planSize = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int applySize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        long latency = args.length > 2 ? Long.parseLong(args[2]) : 50;
        benchPlan(planSize);
        for (int parallelism : new int[] {1, 4, 8, 16}) {
            benchApply(applySize, latency, parallelism);
        }
    }

    /** Layers of 8 buckets each depending on one resource of the layer before: wide and deep enough. */
    static ResourceGraph graph(int n) {
        List<Resource> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String dep = i < 8 ? null : "bucket.r" + (i / 8 - 1) * 8;
            Map<String, Object> attrs = Map.of("name", "r" + i, "tags", Map.of("n", i), "grants", List.of("read"));
            all.add(dep == null ? TestGraphs.res("bucket.r" + i, attrs) : TestGraphs.res("bucket.r" + i, attrs, dep));
        }
        return ResourceGraph.of(all);
    }

    private static void benchPlan(int n) throws Exception {
        Path dir = Files.createTempDirectory("dda-bench");
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(n);
        TestGraphs.plan(g, t, dir); // warm-up
        int rounds = 5;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            TestGraphs.plan(g, t, dir);
        }
        double ms = (System.nanoTime() - start) / 1e6 / rounds;
        System.out.printf(Locale.ROOT, "plan    resources=%d  %.1f ms per plan  %.1f µs per resource%n", n, ms,
                ms * 1000 / n);
    }

    private static void benchApply(int n, long latency, int parallelism) throws Exception {
        Path dir = Files.createTempDirectory("dda-bench");
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = latency;
        ResourceGraph g = graph(n);
        Plan p = TestGraphs.plan(g, t, dir);
        long start = System.nanoTime();
        ApplyResult r = TestGraphs.apply(p, g, t, dir, parallelism);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "apply   resources=%d  latency=%dms  parallelism=%-2d  %.2f s  %.1f nodes/s"
                        + "  max concurrent=%d  state writes=%d%n", n, latency, parallelism, s, n / s,
                t.maxConcurrent.get(), r.finalState().serial());
    }
}
