package dev.dda.edge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.model.ModelRepository;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.runtime.ModelRegistry;
import dev.dda.edge.testing.Http;
import dev.dda.edge.testing.TestImages;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness before load, overload, and the bearer token: each on its own small server. */
class ServerGuardsTest {
    @TempDir
    Path repo;

    @Test
    void ready_beforeModelLoaded_answers503WithRetryAfterAndState() throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        registry.expect("demo");
        try (EdgeServer server = EdgeServer.start(options(null, 2, 4), registry)) {
            Http http = new Http(server.port());

            Http.Answer ready = http.get("/v2/health/ready");
            Http.Answer predict = http.post("/predict", "image/png", TestImages.png(16, 16, 0));

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("Retry-After")).isEqualTo("5");
            assertThat(ready.json().at("/models/0/state").asText()).isEqualTo("UNAVAILABLE");
            assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.header("Retry-After")).isNotNull();
            assertThat(predict.json().at("/model/name").asText()).isEqualTo("demo");

            registry.load("demo", null);

            assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
            assertThat(http.post("/predict", "image/png", TestImages.png(16, 16, 0)).status()).isEqualTo(200);
        } finally {
            registry.close();
        }
    }

    @Test
    void predict_whenOverloaded_rejectsFastWith429AndFailsNothingElse() throws Exception {
        DemoModel.write(repo, "heavy", "1", InputSpec.of(128, 128, 3), 4, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        byte[] image = TestImages.encode(TestImages.image(900, 900, false, (x, y) -> (x * y) % 251), "png");
        try (EdgeServer server = EdgeServer.start(options(null, 1, 1), registry)) {
            registry.load("heavy", null);
            Http http = new Http(server.port());
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    Http.Answer a = http.post("/predict", "image/png", image);
                    return new long[] {a.status(), System.nanoTime() - start};
                }));
            }
            int ok = 0;
            int fastRejections = 0;
            List<Long> other = new ArrayList<>();
            for (Future<long[]> f : answers) {
                long[] a = f.get();
                if (a[0] == 200) {
                    ok++;
                } else if (a[0] == 429 && a[1] < 1_000_000_000L) {
                    fastRejections++;
                } else {
                    other.add(a[0]);
                }
            }
            clients.shutdown();

            assertThat(other).as("statuses other than 200 and fast 429").isEmpty();
            assertThat(ok).isPositive();
            assertThat(fastRejections).isPositive();
            assertThat(http.get("/metrics").body()).contains("dda_edge_requests_total{endpoint=\"predict\",status=\"429\"}");
        } finally {
            registry.close();
        }
    }

    @Test
    void token_whenSet_guardsAllButHealth() throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        try (EdgeServer server = EdgeServer.start(options("s3cret", 2, 4), registry)) {
            registry.load("demo", null);
            Http anonymous = new Http(server.port());
            Http wrong = new Http(server.port()).token("guess");
            Http right = new Http(server.port()).token("s3cret");
            byte[] png = TestImages.png(16, 16, 0);

            Http.Answer denied = anonymous.post("/predict", "image/png", png);
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(denied.body()).doesNotContain("s3cret");
            assertThat(wrong.post("/predict", "image/png", png).status()).isEqualTo(401);
            assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
            assertThat(anonymous.get("/v2/repository/index").status()).isEqualTo(401);
            assertThat(anonymous.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(anonymous.get("/v2/health/ready").status()).isEqualTo(200);
            assertThat(right.post("/predict", "image/png", png).status()).isEqualTo(200);
            assertThat(right.get("/metrics").status()).isEqualTo(200);
        } finally {
            registry.close();
        }
    }

    @Test
    void predict_whenManyClientsSendTheirBodiesSlowly_healthAndOtherClientsAreStillAnswered() throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        List<Socket> slow = new ArrayList<>();
        try (EdgeServer server = EdgeServer.start(options(null, 2, 4), registry)) {
            registry.load("demo", null);
            // far more than the server's threads (workers + queue + spares), each stuck in the middle of its body
            for (int i = 0; i < 120; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: edge\r\nContent-Type: image/png\r\n"
                        + "Content-Length: 100000\r\n\r\n\u0089PNG").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Http http = new Http(server.port());

            // with a thread held per slow body these would wait out the client's timeout and fail
            assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(http.post("/predict", "image/png", TestImages.png(16, 16, 0)).status()).isEqualTo(200);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            registry.close();
        }
    }

    @Test
    void predict_whenBodyStallsPastTheIdleTimeout_answers408AndClosesTheConnection() throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        ServerOptions quick = new ServerOptions("127.0.0.1", 0, null, 2, 4, 16 << 20, 10_000).withIdleTimeoutMillis(300);
        try (EdgeServer server = EdgeServer.start(quick, registry);
             Socket stalled = new Socket("127.0.0.1", server.port())) {
            registry.load("demo", null);
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: edge\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 5000\r\n\r\n\u0089PNG").getBytes(StandardCharsets.ISO_8859_1));
            stalled.getOutputStream().flush();

            // read until the server closes: the answer, then end of stream
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("Connection: close").contains("\"error\":\"the request body stalled: nothing"
                    + " arrived for 300 ms");
            assertThat(new Http(server.port()).post("/predict", "image/png", TestImages.png(16, 16, 0)).status())
                    .isEqualTo(200);
        } finally {
            registry.close();
        }
    }

    @Test
    void connect_whenAtTheConnectionLimit_waitsUntilOneClosesThenIsAnswered() throws Exception {
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        ServerOptions two = options(null, 1, 1).withMaxConnections(2);
        try (EdgeServer server = EdgeServer.start(two, registry);
             Socket first = new Socket("127.0.0.1", server.port());
             Socket second = new Socket("127.0.0.1", server.port());
             Socket third = new Socket("127.0.0.1", server.port())) {
            // the first two hold their slots with a request line that never ends
            for (Socket held : List.of(first, second)) {
                held.getOutputStream().write("GET /v2/health/live HTTP/1.1\r\nHost: edge\r\n".getBytes(
                        StandardCharsets.ISO_8859_1));
                held.getOutputStream().flush();
            }
            third.getOutputStream().write("GET /v2/health/live HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            third.getOutputStream().flush();
            third.setSoTimeout(700);
            assertThatThrownBy(() -> third.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            first.close();
            third.setSoTimeout(10_000);
            String answer = new String(third.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 200");
        } finally {
            registry.close();
        }
    }

    @Test
    void close_whenARequestIsInFlight_answersItBeforeStoppingAndRefusesNewConnections() throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        ModelRegistry registry = new ModelRegistry(new ModelRepository(repo), 1);
        byte[] png = TestImages.png(16, 16, 0);
        EdgeServer server = EdgeServer.start(options(null, 2, 4), registry);
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try (Socket inFlight = new Socket("127.0.0.1", server.port())) {
            registry.load("demo", null);
            int port = server.port();
            // half the body sent: the request is being handled when the stop begins (a Greengrass restart)
            inFlight.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: edge\r\nContent-Type: image/png\r\n"
                    + "Content-Length: " + png.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            inFlight.getOutputStream().write(png, 0, png.length / 2);
            inFlight.getOutputStream().flush();
            Thread.sleep(200);

            Future<?> closing = closer.submit(() -> {
                server.close();
                return null;
            });
            Thread.sleep(300);
            assertThat(closing).isNotDone();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
            inFlight.getOutputStream().write(png, png.length / 2, png.length - png.length / 2);
            inFlight.getOutputStream().flush();
            inFlight.setSoTimeout(10_000);
            String answer = new String(inFlight.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"prediction\"");
            closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            closer.shutdownNow();
            server.close();
            registry.close();
        }
    }

    private static ServerOptions options(String token, int threads, int queue) {
        return new ServerOptions("127.0.0.1", 0, token, threads, queue, 16 << 20, 10_000);
    }
}
