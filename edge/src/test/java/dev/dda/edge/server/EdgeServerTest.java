package dev.dda.edge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.model.ModelRepository;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.runtime.ModelRegistry;
import dev.dda.edge.testing.Http;
import dev.dda.edge.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server end to end on loopback, with real SavedModels built by {@link DemoModel}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeServerTest {
    private static final long MAX_BODY = 256 * 1024;
    private static final InputSpec SPEC = InputSpec.of(32, 32, 1);

    private Path repo;
    private ModelRegistry registry;
    private EdgeServer server;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        repo = Files.createTempDirectory("edge-test-repo");
        DemoModel.write(repo, "demo", "1", SPEC, 0, 0.5);
        registry = new ModelRegistry(new ModelRepository(repo), 2);
        registry.expect("demo");
        server = EdgeServer.start(new ServerOptions("127.0.0.1", 0, null, 2, 8, MAX_BODY, 10_000), registry);
        http = new Http(server.port());
        registry.load("demo", null);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        registry.close();
    }

    @Test
    void predict_whenMultipartBrightImage_answersAnomalyWithDefectBox() {
        JsonNode r = http.postFile("/predict", "image", TestImages.leftWhite(64, 48, 0.75)).json();

        assertThat(r.get("prediction").asText()).isEqualTo("anomaly");
        assertThat(r.get("is_anomalous").asBoolean()).isTrue();
        assertThat(r.get("anomaly_score").asDouble()).isGreaterThan(0.9);
        assertThat(r.get("confidence").asDouble()).isEqualTo(r.get("anomaly_score").asDouble());
        assertThat(r.get("anomaly_threshold").asDouble()).isEqualTo(0.5);
        assertThat(r.at("/model/name").asText()).isEqualTo("demo");
        assertThat(r.at("/model/version").asText()).isEqualTo("1");
        assertThat(r.get("inference_ms").asDouble()).isPositive();
        assertThat(r.get("defects")).hasSize(1);
        JsonNode box = r.at("/defects/0/bbox");
        assertThat(List.of(box.get("x").asInt(), box.get("y").asInt(), box.get("width").asInt(), box.get("height").asInt()))
                .containsExactly(0, 0, 48, 48);
        assertThat(r.at("/defects/0/label").asText()).isEqualTo("anomaly");
        assertThat(r.at("/defects/0/score").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void predictAndMetadata_writeTheirNestedObjectsKeysInOneOrder() {
        String predict = http.postFile("/predict", "image", TestImages.leftWhite(64, 48, 0.75)).body();
        String metadata = http.get("/v2/models/demo").body();

        assertThat(predict).contains("\"model\":{\"name\":\"demo\",\"version\":\"1\"}")
                .contains("\"image\":{\"width\":64,\"height\":48}");
        assertThat(metadata).contains("\"inputs\":[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[");
    }

    @Test
    void predict_whenRawDarkImage_answersNormalWithoutDefects() {
        JsonNode r = http.post("/predict?model=demo", "image/png", TestImages.png(40, 40, 10)).json();

        assertThat(r.get("prediction").asText()).isEqualTo("normal");
        assertThat(r.get("confidence").asDouble()).isGreaterThan(0.9);
        assertThat(r.get("defects")).isEmpty();
    }

    @Test
    void predict_whenRawCameraFrame_answersAsForTheSamePixelsInAPng() {
        JsonNode png = http.post("/predict", "image/png", TestImages.leftWhite(64, 48, 0.75)).json();
        JsonNode frame = http.post("/predict", "image/x-portable-pixmap", TestImages.leftWhiteFrame(64, 48, 0.75)).json();

        assertThat(frame.get("prediction").asText()).isEqualTo("anomaly");
        assertThat(frame.get("anomaly_score").asDouble()).isEqualTo(png.get("anomaly_score").asDouble());
        assertThat(frame.get("defects")).isEqualTo(png.get("defects"));
        assertThat(frame.at("/image/width").asInt()).isEqualTo(64);
    }

    @Test
    void predict_whenCameraJpegInMultipart_answersAsForThePngOfTheSamePicture() {
        // what the DDA tutorial's client sends: curl -F image=@part.jpg (decoded from its DC coefficients)
        JsonNode png = http.postFile("/predict", "image", TestImages.leftWhite(640, 480, 0.75)).json();
        JsonNode jpeg = http.postFile("/predict", "image", TestImages.leftWhiteJpeg(640, 480, 0.75)).json();

        assertThat(jpeg.get("prediction").asText()).isEqualTo("anomaly");
        assertThat(jpeg.get("anomaly_score").asDouble()).isCloseTo(png.get("anomaly_score").asDouble(), within(0.02));
        assertThat(jpeg.get("defects")).hasSize(1);
        assertThat(jpeg.at("/defects/0/bbox/width").asInt())
                .isCloseTo(png.at("/defects/0/bbox/width").asInt(), withinPercentage(10));
        assertThat(jpeg.at("/image/width").asInt()).isEqualTo(640);
    }

    @Test
    void predict_whenLargeBodySizedOrChunked_readsItWhole() {
        // 180 KB: more than the body reader's first buffer, so it grows, with and without a Content-Length
        byte[] frame = TestImages.leftWhiteFrame(300, 200, 0.75);
        JsonNode sized = http.post("/predict", "image/x-portable-pixmap", frame).json();
        JsonNode chunked = http.postChunked("/predict", "image/x-portable-pixmap", frame).json();

        assertThat(sized.at("/image/width").asInt()).isEqualTo(300);
        assertThat(chunked.get("anomaly_score").asDouble()).isEqualTo(sized.get("anomaly_score").asDouble());
        assertThat(chunked.at("/image/height").asInt()).isEqualTo(200);
    }

    @Test
    void health_whenModelLoaded_isLiveAndReady() {
        assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(http.get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
        assertThat(http.get("/v2/models/demo/ready").status()).isEqualTo(200);
        assertThat(http.get("/v2/models/demo/versions/1/ready").status()).isEqualTo(200);
        assertThat(http.get("/v2/models/demo/versions/7/ready").status()).isEqualTo(503);
        assertThat(http.get("/v2").json().get("name").asText()).isEqualTo("dda-edge");
    }

    @Test
    void metadata_whenModelServes_describesTensors() {
        JsonNode m = http.get("/v2/models/demo").json();

        assertThat(m.get("versions").toString()).isEqualTo("[\"1\"]");
        assertThat(m.at("/inputs/0/shape").toString()).isEqualTo("[-1,32,32,1]");
        assertThat(m.at("/outputs/1/shape").toString()).isEqualTo("[-1,8,8]");
        assertThat(http.get("/v2/models/demo/versions/1").status()).isEqualTo(200);
        assertThat(http.get("/v2/models/demo/versions/9").status()).isEqualTo(404);
        assertThat(http.get("/v2/models/nope").status()).isEqualTo(404);
    }

    @Test
    void infer_whenJsonTensors_returnsOutputs() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 32 * 32; i++) {
            data.append(i == 0 ? "" : ",").append("0.5");
        }
        String body = "{\"id\":\"r1\",\"inputs\":[{\"name\":\"image\",\"shape\":[1,32,32,1],\"datatype\":\"FP32\","
                + "\"data\":[" + data + "]}],\"outputs\":[{\"name\":\"score\"}]}";

        JsonNode r = http.postJson("/v2/models/demo/infer", body).json();

        assertThat(r.get("id").asText()).isEqualTo("r1");
        assertThat(r.get("model_version").asText()).isEqualTo("1");
        assertThat(r.at("/outputs/0/name").asText()).isEqualTo("score");
        assertThat(r.at("/outputs/0/data/0").asDouble()).isGreaterThan(0.99); // sigmoid(10 * 0.5)
    }

    @Test
    void infer_whenRawImageBytes_returnsScoreAndHeatmap() {
        JsonNode r = http.post("/v2/models/demo/versions/1/infer", "image/png", TestImages.png(32, 32, 0)).json();

        assertThat(r.at("/outputs/0/data/0").asDouble()).isLessThan(0.01);
        assertThat(r.at("/outputs/1/shape").toString()).isEqualTo("[1,8,8]");
        assertThat(r.at("/parameters/is_anomalous").asBoolean()).isFalse();
    }

    @Test
    void infer_whenTensorShapeWrong_answers400() {
        Http.Answer a = http.postJson("/v2/models/demo/infer",
                "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2]}]}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("expected [N, 32, 32, 1]");
    }

    @Test
    void infer_whenValueOverflowsFp32_answers400NamingIt() {
        String data = "3e39" + ", 0".repeat(32 * 32 - 1);
        Http.Answer a = http.postJson("/v2/models/demo/infer",
                "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,32,32,1],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("value 3.0E39 at index 0 is not a finite 32-bit float");
    }

    static List<Arguments> badInputs() {
        byte[] over = new byte[(int) MAX_BODY + 1000];
        return List.of(
                Arguments.of("zero bytes", "image/png", new byte[0], 400),
                Arguments.of("random bytes", "application/octet-stream", TestImages.random(5000, 7), 415),
                Arguments.of("truncated png", "image/png", TestImages.truncated(TestImages.leftWhite(64, 64, 0.5)), 400),
                Arguments.of("text as png", "image/png", "I am not a picture".getBytes(StandardCharsets.UTF_8), 415),
                Arguments.of("decompression bomb", "image/png", TestImages.pngBomb(100_000, 100_000), 413),
                Arguments.of("truncated frame", "image/x-portable-pixmap",
                        TestImages.truncated(TestImages.leftWhiteFrame(64, 48, 0.5)), 400),
                Arguments.of("frame header claiming 100000x100000", "image/x-portable-pixmap",
                        "P6 100000 100000 255\n".getBytes(StandardCharsets.US_ASCII), 413),
                Arguments.of("16-bit frame", "image/x-portable-graymap",
                        "P5 2 2 65535\n\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), 415),
                Arguments.of("body over limit", "image/png", over, 413),
                Arguments.of("two-component jpeg", "image/jpeg", TestImages.twoComponentJpeg(32, 24), 415),
                Arguments.of("tiff", "image/tiff", TestImages.encode(TestImages.image(8, 8, false, (x, y) -> 0), "tiff"), 415),
                Arguments.of("json to predict", "application/json", "{}".getBytes(StandardCharsets.UTF_8), 415),
                Arguments.of("broken multipart", "multipart/form-data; boundary=zz", "garbage".getBytes(StandardCharsets.UTF_8), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void predict_whenBadInput_answersJson4xxAndKeepsServing(String what, String type, byte[] body, int status) {
        Http.Answer a = http.post("/predict", type, body);

        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).isNotBlank();
        assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(http.post("/predict", "image/png", TestImages.png(32, 32, 0)).status()).isEqualTo(200);
    }

    @Test
    void predict_whenBodyIsContentCoded_answers415NamingTheCodingAndKeepsServing() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(gzipped)) {
            gz.write(TestImages.png(32, 32, 0));
        }
        byte[] head = ("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                + "Content-Encoding: gzip\r\nContent-Length: " + gzipped.size() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head);
        request.writeBytes(gzipped.toByteArray());

        String answer = Http.raw(server.port(), request.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 415").contains("Accept-Encoding: identity")
                .contains("Content-Encoding gzip is not accepted");
        assertThat(http.post("/predict", "image/png", TestImages.png(32, 32, 0)).status()).isEqualTo(200);
    }

    @Test
    void server_whenRequestIsNotValidHttp_answersJson400sAndKeepsServing() throws Exception {
        String longHeader = "X-Big: " + "a".repeat(20_000);
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("GARBAGE\r\n\r\n", "400 Bad Request");
        // Jetty writes error bodies for GET, POST and HEAD only unless told otherwise
        answers.put("DELETE /v2//models HTTP/1.1\r\nHost: edge\r\n\r\n", "400 Bad Request");
        answers.put("POST /predict HTTP/1.1\r\nHost: edge\r\nContent-Length: many\r\n\r\n", "400 Bad Request");
        answers.put("GET /v2/health/live HTTP/1.1\r\nHost: edge\r\n" + longHeader + "\r\n\r\n",
                "431 Request Header Fields Too Large");
        for (Map.Entry<String, String> e : answers.entrySet()) {
            String answer = rawExchange(e.getKey());

            assertThat(answer).startsWith("HTTP/1.1 " + e.getValue());
            assertThat(answer).contains("Content-Type: application/json");
            JsonNode body = new ObjectMapper().readTree(
                    answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("error").asText()).startsWith("the HTTP request was refused (" + e.getValue());
        }
        assertThat(rawExchange("GET /v2/health/live HTTP/1.1\r\nHost: edge\r\n" + longHeader + "\r\n\r\n"))
                .contains("must fit in 8192 bytes");
        assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
    }

    private String rawExchange(String request) throws Exception {
        return Http.raw(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void predict_whenChunkedBodyOverLimit_answers413AndKeepsServing() {
        Http.Answer a = http.postChunked("/predict", "image/png", new byte[(int) MAX_BODY * 3]);

        assertThat(a.status()).isEqualTo(413);
        assertThat(a.json().get("error").asText()).contains("exceeds the limit of " + MAX_BODY);
        assertThat(http.post("/predict", "image/png", TestImages.png(32, 32, 0)).status()).isEqualTo(200);
    }

    @Test
    void predict_whenMultipartLacksImageField_answers400() {
        Http.Answer a = http.postFile("/predict", "picture", TestImages.png(8, 8, 0));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("no field 'image'");
    }

    @Test
    void routes_whenUnknownPathOrMethod_answer404And405() {
        assertThat(http.get("/nothing").status()).isEqualTo(404);
        assertThat(http.get("/predict").status()).isEqualTo(405);
        assertThat(http.get("/predict?model=ghost").status()).isEqualTo(405);
        assertThat(http.post("/predict?model=ghost", "image/png", TestImages.png(8, 8, 0)).status()).isEqualTo(404);
    }

    @Test
    void load_whenBodyIsNotWhatTheProtocolDescribes_answers400AndLoadsNothing() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("[1]", "a load body must be a JSON object");
        bodies.put("{\"parameters\": \"2\"}", "parameters must be an object");
        bodies.put("{\"parameters\": {\"version\": [\"1\"]}}", "parameters.version must be a string");
        bodies.put("{\"parameters\": {\"version\": \"../1\"}}", "is not a plain folder name");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Http.Answer a = http.postJson("/v2/repository/models/demo/load", e.getKey());

            assertThat(a.status()).as(e.getKey()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).contains(e.getValue());
        }
        Http.Answer conflict = http.postJson("/v2/repository/models/demo/versions/1/load",
                "{\"parameters\": {\"version\": \"2\"}}");
        assertThat(conflict.status()).isEqualTo(400);
        assertThat(conflict.json().get("error").asText()).contains("the path asks for version 1 and the body for 2");
        JsonNode status = http.get("/v2/models/demo/ready").json();
        assertThat(status.at("/model/servingVersion").asText()).isEqualTo("1");
        assertThat(status.at("/model/failedVersion").isMissingNode()).isTrue();
    }

    @Test
    void unload_withDelay_keepsServingUntilALoadCancelsIt() throws Exception {
        Http.Answer asked = http.postJson("/v2/repository/models/demo/unload", "{\"parameters\": {\"delay_seconds\": 1}}");

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.json().get("state").asText()).isEqualTo("READY");
        assertThat(asked.json().get("unloadAt").asText()).isNotEmpty();
        assertThat(http.get("/v2/repository/index").json().toString()).contains("\"state\":\"READY\",\"unload_at\"");
        assertThat(http.post("/predict", "image/png", TestImages.png(32, 32, 0)).status()).isEqualTo(200);
        // the next version's Startup (here the same version, as a rollback would load it)
        assertThat(http.postJson("/v2/repository/models/demo/versions/1/load", "{}").status()).isEqualTo(200);
        Thread.sleep(1500);
        assertThat(http.post("/predict", "image/png", TestImages.png(32, 32, 0)).status()).isEqualTo(200);
        assertThat(http.get("/v2/repository/index").json().toString()).doesNotContain("unload_at");
    }

    @Test
    void unload_whenBodyIsNotWhatTheProtocolDescribes_answers400AndKeepsServing() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("[1]", "an unload body must be a JSON object");
        bodies.put("{\"parameters\": 60}", "parameters must be an object");
        for (String delay : List.of("-1", "1.5", "\"60\"", "86401")) {
            bodies.put("{\"parameters\": {\"delay_seconds\": " + delay + "}}",
                    "parameters.delay_seconds must be a whole number of seconds from 0 to 86400, not " + delay);
        }
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Http.Answer a = http.postJson("/v2/repository/models/demo/unload", e.getKey());

            assertThat(a.status()).as(e.getKey()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).contains(e.getValue());
        }
        assertThat(http.get("/v2/models/demo/ready").status()).isEqualTo(200);
    }

    @Test
    void health_whenProbedWithHead_answers200WithoutBody() throws Exception {
        String answer = rawExchange("HEAD /v2/health/ready HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).endsWith("\r\n\r\n");
    }

    @Test
    void metrics_afterRequests_reportsCountersHistogramsQueueAndState() {
        http.post("/predict", "image/png", TestImages.png(32, 32, 0));
        http.post("/predict", "image/png", new byte[0]);
        http.get("/predict");

        String m = http.get("/metrics").body();

        assertThat(m).contains("dda_edge_requests_total{endpoint=\"predict\",status=\"200\"}")
                .contains("dda_edge_requests_total{endpoint=\"predict\",status=\"400\"}")
                .contains("dda_edge_requests_total{endpoint=\"predict\",status=\"405\"}")
                .contains("dda_edge_request_duration_seconds_bucket{endpoint=\"predict\",le=\"+Inf\"}")
                .contains("dda_edge_inference_duration_seconds_count{model=\"demo\",version=\"1\"}")
                .contains("dda_edge_queue_depth 0")
                .containsPattern("dda_edge_connections [1-9]")
                .contains("dda_edge_connections_max " + ServerOptions.defaultMaxConnections())
                .contains("dda_edge_model_state{model=\"demo\",state=\"READY\"} 1");
    }

    @Test
    void hotSwap_underConcurrentRequests_failsNoRequestAndServesNewVersion() throws Exception {
        Path repo = Files.createTempDirectory("edge-swap-repo");
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 2);
        try (EdgeServer server = EdgeServer.start(new ServerOptions("127.0.0.1", 0, null, 2, 8, MAX_BODY, 10_000),
                registry)) {
            hotSwap(repo, new Http(server.port()));
        } finally {
            registry.close();
        }
    }

    private void hotSwap(Path repo, Http http) throws Exception {
        DemoModel.write(repo, "swap", "1", SPEC, 0, 0.5);
        DemoModel.write(repo, "swap", "2", SPEC, 0, 0.3);
        assertThat(http.post("/v2/repository/models/swap/versions/1/load", null, new byte[0]).status()).isEqualTo(200);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> versions = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(3);
        byte[] image = TestImages.png(32, 32, 100);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    Http.Answer a = http.post("/predict?model=swap", "image/png", image);
                    if (a.status() == 200) {
                        ok.incrementAndGet();
                        versions.add(a.json().at("/model/version").asText());
                    } else {
                        failures.add(a.status() + " " + a.body());
                    }
                }
            }));
        }
        Thread.sleep(300);
        Http.Answer load = http.postJson("/v2/repository/models/swap/load", "{\"parameters\":{\"version\":\"2\"}}");
        Thread.sleep(300);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();

        assertThat(load.status()).as(load.body()).isEqualTo(200);
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(10);
        assertThat(versions).contains("1", "2");
        assertThat(versions.get(versions.size() - 1)).isEqualTo("2");
        assertThat(http.post("/predict?model=swap", "image/png", image).json().get("anomaly_threshold").asDouble())
                .isEqualTo(0.3);

        // a corrupt version 3 fails to load; version 2 keeps serving and the index says why
        DemoModel.write(repo, "swap", "3", SPEC, 0, 0.5);
        Files.writeString(repo.resolve("swap/3/saved_model/saved_model.pb"), "corrupt");
        Http.Answer bad = http.post("/v2/repository/models/swap/versions/3/load", null, new byte[0]);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("SHA-256 mismatch");
        assertThat(http.post("/predict?model=swap", "image/png", image).json().at("/model/version").asText())
                .isEqualTo("2");
        JsonNode index = http.get("/v2/repository/index").json();
        assertThat(index.toString()).contains("{\"name\":\"swap\",\"version\":\"2\",\"state\":\"READY\"}")
                .contains("\"version\":\"3\",\"state\":\"UNAVAILABLE\",\"reason\":\"load failed:");
        assertThat(http.postJson("/v2/repository/index", "{\"ready\":true}").json().toString()).doesNotContain("\"3\"");

        // unload: the model answers 503 with its state, and Retry-After
        assertThat(http.post("/v2/repository/models/swap/unload", null, new byte[0]).status()).isEqualTo(200);
        Http.Answer gone = http.post("/predict?model=swap", "image/png", image);
        assertThat(gone.status()).isEqualTo(503);
        assertThat(gone.header("Retry-After")).isNotNull();
        assertThat(gone.json().at("/model/state").asText()).isEqualTo("UNAVAILABLE");
        assertThat(http.post("/v2/repository/models/ghost/load", null, new byte[0]).status()).isEqualTo(404);
    }
}
