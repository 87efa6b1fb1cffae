package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dda.testing.LoopbackPorts;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class DeviceHealthTest {
    @Test
    void probe_whenServiceAnswers200_saysReady() throws Exception {
        assertThat(probeServerAnswering(200)).startsWith("ready at http://127.0.0.1:");
    }

    @Test
    void probe_whenServiceAnswers503_saysNotReadyWithTheStatus() throws Exception {
        assertThat(probeServerAnswering(503)).startsWith("not ready (HTTP 503)");
    }

    @Test
    void probe_whenNothingListens_saysDown() throws Exception {
        int port = LoopbackPorts.free();
        assertThat(DeviceHealth.probe("http://127.0.0.1:" + port)).startsWith("down at http://127.0.0.1:" + port);
    }

    private static String probeServerAnswering(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/health/ready", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            return DeviceHealth.probe("http://127.0.0.1:" + server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }
}
