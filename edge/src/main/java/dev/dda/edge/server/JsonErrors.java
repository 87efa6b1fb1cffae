package dev.dda.edge.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives, before or around the router: a request it cannot parse (bad request line, headers
 * over its size limit, a URI too long) or an error raised outside a handler. Jetty would send an HTML page; the
 * service's clients read JSON, so these are {"error": ...} like every other answer.
 */
final class JsonErrors extends ErrorHandler {
    private final int headerBytes;

    /** {@code headerBytes}: the request line and headers limit, which 414 and 431 answers name. */
    JsonErrors(int headerBytes) {
        this.headerBytes = headerBytes;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; a PUT or DELETE refused deserves its reason too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    private byte[] body(int status, String reason) {
        String standard = HttpStatus.getMessage(status);
        String detail = reason == null || reason.isBlank() || reason.equals(standard) ? "" : ": " + reason;
        String hint = status == HttpStatus.URI_TOO_LONG_414 || status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431
                ? "; the request line and headers must fit in " + headerBytes + " bytes" : "";
        return Json.bytes(Map.of("error", "the HTTP request was refused (" + status + " " + standard + detail + ")"
                + hint));
    }
}
