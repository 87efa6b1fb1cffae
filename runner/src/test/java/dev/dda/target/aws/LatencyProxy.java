package dev.dda.target.aws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Forwards every request to moto after a fixed delay: AWS's round trip, on loopback, for the plan-scale bench. */
final class LatencyProxy extends JettyFake {
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");
    private final URI moto;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    LatencyProxy(URI moto, long delayMillis) throws Exception {
        this.moto = moto;
        this.delayMillis = delayMillis;
    }

    @Override
    String operation(Call call) {
        return "forwarded";
    }

    @Override
    String contentType() {
        return null;
    }

    @Override
    Reply handle(Call call) throws Exception {
        URI to = URI.create(moto + call.path() + (call.query() == null ? "" : "?" + call.query()));
        HttpRequest.Builder b = HttpRequest.newBuilder(to).method(call.method(), call.body().isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach((k, v) -> {
            if (!HOP.contains(k)) {
                b.header(k, v);
            }
        });
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> {
            if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                headers.put(k, v.get(0));
            }
        });
        return new Reply(r.statusCode(), null, headers, r.body());
    }
}
