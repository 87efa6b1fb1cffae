package dev.dda.edge.server;

import dev.dda.edge.runtime.ModelState;
import dev.dda.edge.runtime.ModelStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * Prometheus text exposition (format 0.0.4), written by hand: a few counters and histograms do not justify a
 * client library and its registry.
 */
final class Metrics {
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, Histogram> inference = new ConcurrentHashMap<>();
    private final IntSupplier queueDepth;
    private final Supplier<List<ModelStatus>> models;
    private final NetworkConnectionLimit connections;

    Metrics(IntSupplier queueDepth, Supplier<List<ModelStatus>> models, NetworkConnectionLimit connections) {
        this.queueDepth = queueDepth;
        this.models = models;
        this.connections = connections;
    }

    void request(String endpoint, int status, long nanos) {
        requests.computeIfAbsent(labels("endpoint", endpoint, "status", String.valueOf(status)), k -> new LongAdder())
                .increment();
        latency.computeIfAbsent(labels("endpoint", endpoint), k -> new Histogram()).observe(nanos / 1e9);
    }

    void inference(String model, String version, long nanos) {
        inference.computeIfAbsent(labels("model", model, "version", version), k -> new Histogram())
                .observe(nanos / 1e9);
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP dda_edge_requests_total HTTP requests by endpoint and status.\n");
        out.append("# TYPE dda_edge_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> out.append("dda_edge_requests_total").append(k).append(' ')
                .append(v.sum()).append('\n'));
        histograms(out, "dda_edge_request_duration_seconds", "HTTP request latency by endpoint.", latency);
        histograms(out, "dda_edge_inference_duration_seconds", "Model call time (no HTTP, no decoding).", inference);
        gauge(out, "dda_edge_queue_depth", "Requests admitted and waiting for a worker.", queueDepth.getAsInt());
        gauge(out, "dda_edge_connections", "Open client connections.", connections.getNetworkConnectionCount());
        gauge(out, "dda_edge_connections_max", "Open connections at most (--max-connections); beyond, new ones wait.",
                connections.getMaxNetworkConnectionCount());
        out.append("# HELP dda_edge_model_state 1 for the state each model is in (READY, LOADING, UNAVAILABLE).\n");
        out.append("# TYPE dda_edge_model_state gauge\n");
        for (ModelStatus s : models.get()) {
            for (ModelState state : ModelState.values()) {
                out.append("dda_edge_model_state")
                        .append(labels("model", s.name(), "state", state.name()))
                        .append(' ').append(s.state() == state ? 1 : 0).append('\n');
            }
        }
        out.append("# HELP dda_edge_model_info The version each model serves.\n");
        out.append("# TYPE dda_edge_model_info gauge\n");
        for (ModelStatus s : models.get()) {
            if (s.servingVersion() != null) {
                out.append("dda_edge_model_info").append(labels("model", s.name(), "version", s.servingVersion()))
                        .append(" 1\n");
            }
        }
        out.append("# HELP dda_edge_model_load_failed 1 when the last load of a model failed.\n");
        out.append("# TYPE dda_edge_model_load_failed gauge\n");
        for (ModelStatus s : models.get()) {
            out.append("dda_edge_model_load_failed").append(labels("model", s.name()))
                    .append(' ').append(s.reason() == null ? 0 : 1).append('\n');
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void histograms(StringBuilder out, String name, String help, Map<String, Histogram> series) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        new TreeMap<>(series).forEach((labels, h) -> h.render(out, name, labels));
    }

    /** {k="v",...}; values escaped as the exposition format asks. */
    static String labels(String... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(kv[i]).append("=\"").append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return b.append('}').toString();
    }

    private static final class Histogram {
        private final LongAdder[] counts = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void render(StringBuilder out, String name, String labels) {
            String inner = labels.substring(1, labels.length() - 1);
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts[i].sum();
                out.append(name).append("_bucket{").append(inner).append(",le=\"").append(BUCKETS[i]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{").append(inner).append(",le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum").append(labels).append(' ').append(sum.sum()).append('\n');
            out.append(name).append("_count").append(labels).append(' ').append(count.sum()).append('\n');
        }
    }
}
