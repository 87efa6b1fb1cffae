package dev.dda.edge.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer other than success, always rendered as JSON {"error": message, ...details}. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, Object> details;
    private final Integer retryAfterSeconds;
    private final Map<String, String> headers = new LinkedHashMap<>();

    HttpError(int status, String message) {
        this(status, message, Map.of(), null);
    }

    HttpError(int status, String message, Map<String, Object> details, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    Reply reply() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.putAll(details);
        Reply r = Reply.json(status, body);
        if (retryAfterSeconds != null) {
            r = r.withHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        return r;
    }
}
