package dev.dda.edge;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.bench.ModelBench;
import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.runtime.LoadedModel;
import dev.dda.edge.runtime.MallocPolicy;
import dev.dda.edge.runtime.ModelRegistry;
import dev.dda.edge.server.EdgeServer;
import dev.dda.edge.server.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of {@code java -jar dda-edge.jar} and of {@code dda edge}: {@code serve}, {@code bench} (bare model
 * throughput, for bench/edge), {@code demo-model} (writes a small model package), {@code frame} (an image as a camera
 * sends it: a raw frame or a JPEG).
 */
public final class EdgeMain {
    private static final int WARM_UP_CALLS = 3;
    private static final int MAX_BENCH_THREADS = 256;
    private static final int MAX_LOAD_CLIENTS = 4096;
    private static final double MAX_BENCH_SECONDS = 3600;
    private static final int MAX_BENCH_SLICES = 1000;
    private static final double MIN_SLICE_SECONDS = 0.1;
    private static final String SECONDS_FROM_INPUT = "stdin";
    /** What to pass instead of a host the service cannot listen on. */
    private static final String HOSTS = "use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this"
            + " machine's addresses";

    private EdgeMain() {}

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a subcommand; {@code serve} returns only when the server stops. Returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        skipJavaCppMemoryCheck();
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(usage());
            return args.isEmpty() ? 1 : 0;
        }
        if (args.get(0).startsWith("--")) {
            // options without a subcommand mean serve: the Greengrass recipe starts the service that way
            return run(prepend("serve", args), out, err, env);
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(usage());
            return 0;
        }
        if (List.of("serve", "bench").contains(args.get(0))) {
            // the server's process, and the bare call that bench/edge measures it against, allocate alike
            MallocPolicy.apply(env);
        }
        try {
            return switch (args.get(0)) {
                case "serve" -> serve(EdgeOptions.parse(rest, EdgeOptions.SERVE, env), out, err);
                case "bench" -> bench(EdgeOptions.parse(rest, BENCH_OPTIONS, Map.of()), out);
                case "load" -> load(EdgeOptions.parse(rest, LOAD_OPTIONS, Map.of()), out);
                case "demo-model" -> demoModel(EdgeOptions.parse(rest, DEMO_OPTIONS, Map.of()), out);
                case "frame" -> frame(EdgeOptions.parse(rest, FRAME_OPTIONS, Map.of()), out);
                default -> {
                    err.println("dda edge: unknown subcommand '" + args.get(0)
                            + "'; use serve, bench, load, demo-model or frame");
                    yield 1;
                }
            };
        } catch (IllegalArgumentException | ModelPackageException | IOException e) {
            err.println("dda edge: " + Failures.describe(e));
            return 1;
        } catch (Exception e) {
            err.println("dda edge: " + e);
            return 1;
        }
    }

    /**
     * Turns off JavaCPP's check of the process's resident memory, unless the user set its limit. JavaCPP reads
     * /proc/self/statm under a process-wide lock each time it registers native memory, which TensorFlow Java does
     * for every tensor: eleven reads per /predict, 0.02 ms of a 0.46 ms model call (measured with strace and the
     * bare-call bench). The check only asks for a garbage collection when the whole process nears a limit; the
     * service closes its tensors itself, and the device's memory limit is enforced by the OS and Greengrass.
     * Set before TensorFlow's classes load, so in-process callers that loaded them earlier keep the check.
     */
    static void skipJavaCppMemoryCheck() {
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    static String usage() {
        return "usage: dda edge serve --models REPO [options]     (or: java -jar dda-edge.jar [serve] ...)\n"
                + "       dda edge bench --models REPO [--model NAME[:VERSION]] [--threads N] [--seconds S|stdin]\n"
                + "       dda edge demo-model --out REPO [--name N] [--version V] [--size PX] [--channels 1|3] [--conv LAYERS]\n"
                + "       dda edge frame --image FILE --out FRAME [--format pnm|jpeg] [--quality Q]   (the image as a camera\n"
                + "         sends it: a raw frame, binary PPM or PGM; or a JPEG, quality 0.9 by default)\n\n"
                + "serve options (flag, environment variable, meaning):\n" + EdgeOptions.help(EdgeOptions.SERVE)
                + "\nEndpoints: POST /predict (multipart field 'image' or raw image body: PNG, JPEG, BMP, GIF, or a raw\n"
                + "  8-bit frame as binary PGM/PPM, which needs no decoding; ?model=NAME),\n"
                + "  KServe v2: GET /v2, /v2/health/live, /v2/health/ready, /v2/models/{m}[/versions/{v}][/ready],\n"
                + "  POST /v2/models/{m}[/versions/{v}]/infer (JSON tensors, or raw image bytes),\n"
                + "  POST /v2/repository/models/{m}[/versions/{v}]/load|unload, GET|POST /v2/repository/index,\n"
                + "  GET /metrics (Prometheus). With a token, only /v2/health/* stay open.\n";
    }

    /** A started server and its models. */
    record Running(EdgeServer server, ModelRegistry registry) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
            registry.close();
        }
    }

    static int serve(EdgeOptions o, PrintStream out, PrintStream err) throws Exception {
        Running running = start(o, out, err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "edge-shutdown"));
        running.server().join();
        return 0;
    }

    /** Binds, then loads the wanted models (the server answers health and 503s meanwhile). */
    static Running start(EdgeOptions o, PrintStream out, PrintStream err) throws Exception {
        long started = System.nanoTime();
        Path repo = repositoryFolder(o);
        ServerOptions options = new ServerOptions(listenHost(o), (int) o.number("--port", 0, 65535),
                token(o.path("--token-file"), o.label("--token-file")), (int) o.number("--threads", 1, 256),
                (int) o.number("--queue", 0, 10_000),
                o.number("--max-body", 1, Integer.MAX_VALUE - 8), o.number("--max-wait-ms", 1, 600_000),
                o.number("--idle-timeout-ms", 1, 3_600_000), (int) o.number("--max-connections", 1, 1_000_000));
        ModelRepository repository = new ModelRepository(repo);
        List<String[]> wanted = wantedModels(o.all("--model"), repository);
        for (String skipped : repository.skippedZips()) {
            err.println("dda edge: skipped " + skipped);
        }
        ModelRegistry registry = new ModelRegistry(repository, WARM_UP_CALLS);
        wanted.forEach(w -> registry.expect(w[0]));
        EdgeServer server = listen(o, options, registry);
        out.println("dda edge: listening on http://" + options.host() + ":" + server.port() + " (" + options.threads()
                + " workers, queue " + options.queue() + (options.token() == null ? "" : ", bearer token required")
                + ")");
        out.flush();
        for (String[] w : wanted) {
            try {
                registry.load(w[0], w[1]);
                out.printf("dda edge: model %s:%s ready (%d ms after start)%n", w[0],
                        registry.status(w[0]).servingVersion(), (System.nanoTime() - started) / 1_000_000);
            } catch (ModelPackageException e) {
                err.println("dda edge: model " + w[0] + " failed to load: " + e.getMessage());
            }
        }
        if (wanted.isEmpty()) {
            out.println("dda edge: no models in " + repo + " yet; load one with POST /v2/repository/models/NAME/load"
                    + " (not ready until then)");
        }
        out.flush();
        return new Running(server, registry);
    }

    /** NAME[:VERSION] entries, or every model of the repository at its newest version. */
    private static List<String[]> wantedModels(List<String> given, ModelRepository repository) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (given.isEmpty()) {
            for (String name : repository.names()) {
                out.add(new String[] {name, null});
            }
            // an empty repository is how a Greengrass edge service starts: model components load their models
            // through POST /v2/repository/models/{m}/load once it is live; until then it is live but not ready
            return out;
        }
        for (String g : given) {
            String[] parts = g.split(":", 2);
            if (!ModelRepository.validSegment(parts[0]) || (parts.length == 2 && !ModelRepository.validSegment(parts[1]))) {
                throw new IllegalArgumentException("--model " + g + " is not NAME[:VERSION]");
            }
            out.add(new String[] {parts[0], parts.length == 2 ? parts[1] : null});
        }
        return out;
    }

    /** The host, checked before any model is loaded: Jetty's own word for an unknown one is "unresolved". */
    private static String listenHost(EdgeOptions o) {
        String host = o.required("--host");
        if (new InetSocketAddress(host, 0).isUnresolved()) {
            throw new IllegalArgumentException(o.label("--host") + " " + host + " is neither an address nor a name"
                    + " that resolves; " + HOSTS);
        }
        return host;
    }

    private static EdgeServer listen(EdgeOptions o, ServerOptions options, ModelRegistry registry) throws Exception {
        try {
            return EdgeServer.start(options, registry);
        } catch (IOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw new IllegalArgumentException(bindFailure(o, options, bind), e);
            }
            throw e;
        }
    }

    /** Jetty says only "Failed to bind to ADDRESS"; the reason is in the cause, and the remedy is an option. */
    private static String bindFailure(EdgeOptions o, ServerOptions options, BindException e) {
        String where = "cannot listen on " + options.host() + ":" + options.port() + ": ";
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("already in use")) {
            return where + "another process holds the port; stop it, or choose another with " + o.label("--port")
                    + " (0 picks a free one)";
        }
        if (reason.contains("assign requested address")) {
            return where + options.host() + " is not an address of this machine; " + HOSTS;
        }
        if (reason.contains("Permission denied")) {
            return where + "ports below 1024 need privileges; choose one from 1024 up with " + o.label("--port");
        }
        return where + reason;
    }

    /** The bearer token in {@code file}; {@code option} names where the path came from, for messages. */
    private static String token(Path file, String option) throws IOException {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + (Files.exists(file) ? " is not a readable file"
                    : " does not exist") + "; write the bearer token to a file and pass its path");
        }
        String t = Files.readString(file).trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + " is empty; write the bearer token in it");
        }
        return t;
    }

    static final List<EdgeOptions.Option> BENCH_OPTIONS = List.of(
            new EdgeOptions.Option("--models", "", "", "model repository folder"),
            new EdgeOptions.Option("--model", "", "", "NAME[:VERSION]; default the only model in the repository"),
            new EdgeOptions.Option("--threads", "", "1", "calling threads, repeatable (one measurement each)"),
            new EdgeOptions.Option("--seconds", "", "5", "length of each measurement; 'stdin': one measurement per"
                    + " line read, the line its length (bench/edge alternates them with its HTTP load)"),
            new EdgeOptions.Option("--image", "", "", "also time decoding and preprocessing this image file"),
            new EdgeOptions.Option("--slices", "", "1", "take each measurement in this many parts, the measurements"
                    + " in turn, and report the median part: every figure then spans the same stretch of time"),
            new EdgeOptions.Option("--warm-seconds", "", "5", "with --seconds stdin: calls made before the first"
                    + " line is read, while a fresh JVM still compiles"));

    /** The --models folder, which must exist (an empty one is a service waiting for its first model). */
    private static Path repositoryFolder(EdgeOptions o) {
        Path repo = Path.of(o.required("--models"));
        if (!Files.isDirectory(repo)) {
            throw new IllegalArgumentException(o.label("--models") + " " + repo + " is not a folder");
        }
        return repo;
    }

    /** Prints one JSON line per thread count: the bare model-call throughput and latency. */
    static int bench(EdgeOptions o, PrintStream out) throws Exception {
        Path repo = repositoryFolder(o);
        ModelRepository repository = new ModelRepository(repo);
        List<String[]> wanted = wantedModels(o.all("--model"), repository);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException(o.label("--models") + " " + repo + " holds no model package"
                    + " (NAME/VERSION/ folders) to measure");
        }
        String name = wanted.get(0)[0];
        String version = wanted.get(0)[1] != null ? wanted.get(0)[1] : repository.latest(name).orElseThrow();
        // checked before the model is loaded, so that a typo is not reported after TensorFlow's start-up lines
        List<Integer> threads = o.numbers("--threads", 1, MAX_BENCH_THREADS);
        boolean onRequest = SECONDS_FROM_INPUT.equals(o.get("--seconds"));
        double seconds = onRequest ? 0 : o.decimal("--seconds", 0.1, MAX_BENCH_SECONDS);
        double warmSeconds = o.decimal("--warm-seconds", 0, MAX_BENCH_SECONDS);
        int slices = (int) o.number("--slices", 1, MAX_BENCH_SLICES);
        if (!onRequest && seconds / slices < MIN_SLICE_SECONDS) {
            throw new IllegalArgumentException("--seconds " + o.get("--seconds") + " in " + slices + " slices leaves "
                    + seconds / slices + " s each; give each slice at least " + MIN_SLICE_SECONDS + " s");
        }
        byte[] image = o.get("--image") == null ? null : Files.readAllBytes(Path.of(o.get("--image")));
        LoadedModel model = LoadedModel.load(repository.open(name, version));
        try {
            model.warmUp(WARM_UP_CALLS);
            if (onRequest) {
                measureEachRequested(model, threads, image, warmSeconds, slices, out);
            } else {
                if (image != null) {
                    double[] ms = ModelBench.preprocess(model.preprocessor(), image);
                    out.printf(Locale.ROOT, "{\"preprocess_p50_ms\":%.4f,\"preprocess_p99_ms\":%.4f}%n", ms[0], ms[1]);
                }
                measureAll(model, threads, image, seconds, slices, out);
            }
        } finally {
            model.release();
        }
        return 0;
    }

    /**
     * The bare call at each thread count, then (given an image) decode + preprocess + call: one JSON line each. In
     * slices, all of them in turn, so that a stretch of load from elsewhere on the machine falls on every figure
     * alike: one after the other, the in-process pipeline at 2 threads once came out at 1,575 images/s, less than
     * half the 3,450 measured in the rounds that alternate with bench/edge's HTTP load.
     */
    private static void measureAll(LoadedModel model, List<Integer> threads, byte[] image, double seconds,
                                   int slices, PrintStream out) throws Exception {
        Map<Row, List<ModelBench.Result>> taken = new LinkedHashMap<>();
        for (int s = 0; s < slices; s++) {
            for (int t : threads) {
                taken.computeIfAbsent(new Row("model", t), k -> new ArrayList<>())
                        .add(ModelBench.measure(model, t, seconds / slices));
            }
            for (int t : image == null ? List.<Integer>of() : threads) {
                taken.computeIfAbsent(new Row("pipeline", t), k -> new ArrayList<>())
                        .add(ModelBench.measurePipeline(model, image, t, seconds / slices));
            }
        }
        taken.forEach((row, results) -> print(out, row.what(), model.manifest().name(), model.manifest().version(),
                ModelBench.combine(results)));
        out.flush();
    }

    /** One row of the bench's output: what is measured ("model" or "pipeline") at how many threads. */
    private record Row(String what, int threads) {}

    /** One JSON line; {@code what} is "model" (the bare call) or "pipeline" (decode + preprocess + call). */
    private static void print(PrintStream out, String what, String name, String version, ModelBench.Result r) {
        out.printf(Locale.ROOT, "{\"measure\":\"%s\",\"model\":\"%s:%s\",\"threads\":%d,\"calls\":%d,"
                + "\"calls_per_s\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"cpu_ms_per_call\":%.4f}%n", what, name,
                version, r.threads(), r.calls(), r.callsPerSecond(), r.p50Ms(), r.p99Ms(), r.cpuMsPerCall());
    }

    static final List<EdgeOptions.Option> FRAME_OPTIONS = List.of(
            new EdgeOptions.Option("--image", "", "", "image file (PNG, JPEG, BMP, GIF)"),
            new EdgeOptions.Option("--out", "", "", "frame file to write"),
            new EdgeOptions.Option("--format", "", "pnm", "pnm (a raw frame: binary PGM/PPM) or jpeg"),
            new EdgeOptions.Option("--quality", "", "0.9", "JPEG quality, 0 to 1"));

    /** Writes an image as a camera would send it (a raw frame, or a JPEG), to try or bench those paths. */
    static int frame(EdgeOptions o, PrintStream out) throws Exception {
        Path image = Path.of(o.required("--image"));
        if (!Files.exists(image)) {
            throw new NoSuchFileException(image.toString());
        }
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("--image " + image + " is a folder, not an image file");
        }
        java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(image.toFile());
        if (decoded == null) {
            throw new IllegalArgumentException(image + " is not an image ImageIO reads (PNG, JPEG, BMP, GIF)");
        }
        Path target = Path.of(o.required("--out"));
        String format = o.get("--format");
        byte[] bytes = switch (format) {
            case "pnm" -> dev.dda.edge.preprocess.Frames.encode(decoded);
            case "jpeg" -> dev.dda.edge.preprocess.Frames.jpeg(decoded, (float) o.decimal("--quality", 0, 1));
            default -> throw new IllegalArgumentException("--format is '" + format + "'; use pnm or jpeg");
        };
        Files.write(target, bytes);
        out.println("dda edge: wrote " + target + " (" + decoded.getWidth() + "x" + decoded.getHeight() + ", "
                + bytes.length + " bytes)");
        return 0;
    }

    static final List<EdgeOptions.Option> LOAD_OPTIONS = List.of(
            new EdgeOptions.Option("--url", "", "", "http://127.0.0.1:PORT/predict"),
            new EdgeOptions.Option("--image", "", "", "image file sent as the multipart field 'image'"),
            new EdgeOptions.Option("--content-type", "", "", "send the file as the raw body with this type instead"),
            new EdgeOptions.Option("--clients", "", "1", "concurrent keep-alive connections, repeatable"),
            new EdgeOptions.Option("--seconds", "", "10", "length of each measurement"));

    /** The built-in load generator (bench/edge uses it when wrk is missing): one JSON line per client count. */
    static int load(EdgeOptions o, PrintStream out) throws Exception {
        java.net.URI url = java.net.URI.create(o.required("--url"));
        byte[] image = Files.readAllBytes(Path.of(o.required("--image")));
        String boundary = "ddaBenchBoundary7MA4YWxkTrZu0gW";
        String rawType = o.get("--content-type");
        String type = rawType != null ? rawType : "multipart/form-data; boundary=" + boundary;
        byte[] body = rawType != null ? image : multipart(boundary, image);
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        List<Integer> clients = o.numbers("--clients", 1, MAX_LOAD_CLIENTS);
        double seconds = o.decimal("--seconds", 0.1, MAX_BENCH_SECONDS);
        for (int c : clients) {
            var r = dev.dda.edge.bench.LoadGenerator.run(url.getHost(), url.getPort(), path, type, body, c, seconds);
            out.println(dev.dda.edge.bench.LoadGenerator.json(r));
        }
        return 0;
    }

    /** The image as the multipart field 'image', as the DDA tutorial's curl -F sends it. */
    private static byte[] multipart(String boundary, byte[] image) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"part.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /**
     * One {@link #measureAll} per line of standard input, the line its length in seconds, until the input ends. A
     * benchmark on a shared machine alternates these with its HTTP load, a few seconds each, so that the figures
     * it compares are taken under the same conditions; the load from elsewhere drifts within a minute.
     */
    private static void measureEachRequested(LoadedModel model, List<Integer> threads, byte[] image,
                                             double warmSeconds, int slices, PrintStream out) throws Exception {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        // a fresh JVM compiles for its first seconds, on the cores the calls need: the first measurement would be low
        if (warmSeconds > 0) {
            ModelBench.measure(model, threads.get(0), warmSeconds);
        }
        for (String line; (line = in.readLine()) != null; ) {
            measureAll(model, threads, image,
                    EdgeOptions.decimal("--seconds stdin: each line", line, MIN_SLICE_SECONDS * slices,
                            MAX_BENCH_SECONDS), slices, out);
        }
    }

    static final List<EdgeOptions.Option> DEMO_OPTIONS = List.of(
            new EdgeOptions.Option("--out", "", "", "repository folder to write into"),
            new EdgeOptions.Option("--name", "", "demo", "model name"),
            new EdgeOptions.Option("--version", "", "1", "model version"),
            new EdgeOptions.Option("--size", "", "64", "input width and height"),
            new EdgeOptions.Option("--channels", "", "1", "1 or 3"),
            new EdgeOptions.Option("--conv", "", "0", "random conv layers, to give the model a realistic cost"),
            new EdgeOptions.Option("--threshold", "", "0.5", "anomaly threshold"));

    static int demoModel(EdgeOptions o, PrintStream out) throws IOException, ModelPackageException {
        int size = (int) o.number("--size", 8, 2048);
        var pkg = DemoModel.write(Path.of(o.required("--out")), o.required("--name"), o.required("--version"),
                InputSpec.of(size, size, (int) o.number("--channels", 1, 3)), (int) o.number("--conv", 0, 8),
                o.decimal("--threshold", 0, 1));
        out.println("dda edge: wrote " + pkg.dir());
        return 0;
    }
}
