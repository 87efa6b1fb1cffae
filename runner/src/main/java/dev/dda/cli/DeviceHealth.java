package dev.dda.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks an edge service whether it is ready, the way the recipe's health gate does. */
final class DeviceHealth {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private DeviceHealth() {}

    /** "ready", "not ready (HTTP 503)" or "down (connection refused)": never throws. */
    static String probe(String endpoint) {
        try {
            HttpResponse<Void> r = CLIENT.send(HttpRequest.newBuilder(URI.create(endpoint + "/v2/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? "ready at " + endpoint
                    : "not ready (HTTP " + r.statusCode() + ") at " + endpoint;
        } catch (java.io.IOException e) {
            return "down at " + endpoint + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
