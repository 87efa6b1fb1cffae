package dev.dda.edge.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer: status, content type, extra headers, body. */
record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {
    static Reply json(int status, Object value) {
        return new Reply(status, "application/json", Map.of(), Json.bytes(value));
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, h, body);
    }
}
