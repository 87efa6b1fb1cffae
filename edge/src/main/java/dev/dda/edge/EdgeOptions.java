package dev.dda.edge;

import dev.dda.edge.server.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, each with an environment variable fallback (a Greengrass recipe passes its
 * configuration through {@code SetEnv}). Flags win over the environment, the environment over defaults.
 */
final class EdgeOptions {
    /** flag, environment variable, default ("" when required or none), help. */
    record Option(String flag, String env, String fallback, String help) {}

    static final List<Option> SERVE = List.of(
            new Option("--models", "DDA_EDGE_MODELS", "", "model repository folder (NAME/VERSION/ packages, or ZIPs of one each); required"),
            new Option("--port", "DDA_EDGE_PORT", String.valueOf(ServerOptions.DEFAULT_PORT),
                    "TCP port; 0 picks a free one"),
            new Option("--host", "DDA_EDGE_HOST", "127.0.0.1", "address to bind; 0.0.0.0 exposes the service to the network"),
            new Option("--token-file", "DDA_EDGE_TOKEN_FILE", "", "file holding a bearer token required by all but /v2/health/*"),
            new Option("--threads", "DDA_EDGE_THREADS", String.valueOf(defaultWorkers()),
                    "inference workers (default: twice the cores)"),
            new Option("--queue", "DDA_EDGE_QUEUE", "16", "requests that may wait for a worker; beyond that: 429"),
            new Option("--max-body", "DDA_EDGE_MAX_BODY", String.valueOf(16 << 20), "largest request body in bytes; beyond that: 413"),
            new Option("--max-wait-ms", "DDA_EDGE_MAX_WAIT_MS", "10000", "longest a queued request waits; beyond that: 503"),
            new Option("--idle-timeout-ms", "DDA_EDGE_IDLE_TIMEOUT_MS",
                    String.valueOf(ServerOptions.DEFAULT_IDLE_TIMEOUT_MILLIS),
                    "longest a client may send nothing mid-request (then 408) or between requests; then the connection closes"),
            new Option("--max-connections", "DDA_EDGE_MAX_CONNECTIONS",
                    String.valueOf(ServerOptions.defaultMaxConnections()),
                    "open connections at most; more wait to be accepted (default: the open-file limit less 256)"),
            new Option("--model", "DDA_EDGE_MODEL", "", "NAME[:VERSION] to load at start, repeatable (env: comma-separated); default: newest version of every model"));

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    /** The environment variable each option's value came from, when it did not come from the command line. */
    private final Map<String, String> fromEnv = new HashMap<>();

    /**
     * Twice the cores. With one worker per core, every request beyond them waits for a worker, and each hand-over
     * (the freed worker's thread wakes the waiting one) leaves a core idle for the wake-up: on a 2-core VM at 4
     * clients, 2 workers answered 2,300 req/s at 0.77 ms of CPU each and 4 workers 2,570 at 0.75 ms, with p50 and
     * p99 lower too. The model runs on the worker's own thread, so beyond this more workers only add time-slicing
     * and memory.
     */
    static int defaultWorkers() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    static EdgeOptions parse(List<String> args, List<Option> known, Map<String, String> env) throws IllegalArgumentException {
        EdgeOptions o = new EdgeOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String flag = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String f = flag;
            Option opt = known.stream().filter(k -> k.flag().equals(f)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown option " + f + "; see --help"));
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(f + " needs a value");
                }
                value = args.get(++i);
            }
            o.values.computeIfAbsent(opt.flag(), k -> new ArrayList<>()).add(value);
        }
        for (Option opt : known) {
            if (!o.values.containsKey(opt.flag()) && env.get(opt.env()) != null && !env.get(opt.env()).isBlank()) {
                List<String> listed = new ArrayList<>();
                for (String s : env.get(opt.env()).split(",")) {
                    if (!s.isBlank()) {
                        listed.add(s.trim());
                    }
                }
                o.values.put(opt.flag(), listed);
                o.fromEnv.put(opt.flag(), opt.env());
            }
            if (!o.values.containsKey(opt.flag()) && !opt.fallback().isEmpty()) {
                o.values.put(opt.flag(), List.of(opt.fallback()));
            }
        }
        return o;
    }

    /**
     * The option as it was set, for messages: the flag, or the environment variable it came from (a Greengrass
     * recipe sets them there, and that is where an operator must look).
     */
    String label(String flag) {
        String env = fromEnv.get(flag);
        return env == null ? flag : env + " (" + flag + ")";
    }

    String get(String flag) {
        List<String> v = values.get(flag);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    List<String> all(String flag) {
        return values.getOrDefault(flag, List.of());
    }

    String required(String flag) {
        String v = get(flag);
        if (v == null) {
            throw new IllegalArgumentException(flag + " is required");
        }
        return v;
    }

    Path path(String flag) {
        String v = get(flag);
        return v == null ? null : Path.of(v);
    }

    long number(String flag, long min, long max) {
        return whole(label(flag), required(flag), min, max);
    }

    /** Every value of a repeatable whole-number option, each checked. */
    List<Integer> numbers(String flag, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String v : all(flag)) {
            out.add((int) whole(label(flag), v, min, max));
        }
        return out;
    }

    double decimal(String flag, double min, double max) {
        return decimal(label(flag), required(flag), min, max);
    }

    /** {@code v} as a number within [min, max], or a message naming {@code what}, the range and the value. */
    static double decimal(String what, String v, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(what + " must be a number from " + min + " to " + max + ", not '" + v + "'");
        }
        return d;
    }

    private static long whole(String what, String v, long min, long max) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, not '" + v + "'");
        }
    }

    static String help(List<Option> options) {
        StringBuilder b = new StringBuilder();
        for (Option o : options) {
            b.append(String.format("  %-16s %-22s %s%s%n", o.flag(), o.env(), o.help(),
                    o.fallback().isEmpty() ? "" : " (default " + o.fallback() + ")"));
        }
        return b.toString();
    }
}
