package dev.dda.target.aws;

import dev.dda.testing.LoopbackPorts;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto 5.2.1 in server mode on a free loopback port: started once for the whole test run (the first class that
 * uses it starts it), reset before each test class, stopped by its pid when the run ends. Dummy credentials are
 * set as system properties so the SDK's default chain never looks for real ones.
 */
public final class MotoServer implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    private static MotoServer instance;
    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Used by JUnit through {@code @ExtendWith(MotoServer.class)}. */
    public MotoServer() {
        this.process = null;
        this.endpoint = null;
    }

    public static synchronized MotoServer get() throws IOException, InterruptedException {
        if (instance == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            System.setProperty("aws.region", "us-east-1");
            int port = LoopbackPorts.free();
            Path log = Files.createTempFile("moto", ".log");
            ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("MOTO_ACCOUNT_ID");
            Process p = pb.start();
            MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
            server.awaitReady(log);
            instance = server;
        }
        return instance;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/data.json").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not answer within 30 s on " + endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    public void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().write(new byte[0]);
        if (c.getResponseCode() != 200) {
            throw new IOException("moto reset answered " + c.getResponseCode());
        }
        c.getInputStream().readAllBytes();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MotoServer server = get();
        // the root store closes its resources once, after the last test class: that stops moto by its pid
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("moto-server", k -> server, MotoServer.class);
        server.reset();
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            handle.destroyForcibly();
        }
        synchronized (MotoServer.class) {
            instance = null;
        }
    }

    static String body(HttpURLConnection c) throws IOException {
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
