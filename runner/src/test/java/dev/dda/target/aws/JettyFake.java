package dev.dda.target.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A wire-level fake of an AWS service: a Jetty server on loopback that the real SDK client calls over HTTP. It
 * counts calls per operation and can answer the next requests with injected faults (throttling, 5xx) to prove
 * that retries converge.
 */
abstract class JettyFake implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Server server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Deque<Reply> faults = new ArrayDeque<>();
    /** Added to every answer: the bench's stand-in for the network round trip to AWS. */
    volatile long delayMillis;

    /** An HTTP answer. */
    record Reply(int status, String body, Map<String, String> headers, byte[] bytes) {
        Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null);
        }

        static Reply json(Object value) {
            try {
                return new Reply(200, JSON.writeValueAsString(value), Map.of());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One request as the fake sees it. */
    record Call(String method, String path, String query, Map<String, String> headers, String body) {}

    JettyFake() throws Exception {
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    Map<String, String> headers = new java.util.HashMap<>();
                    request.getHeaders().forEach(f -> headers.put(f.getName().toLowerCase(java.util.Locale.ROOT), f.getValue()));
                    Call call = new Call(request.getMethod(), Request.getPathInContext(request),
                            request.getHttpURI().getQuery(), headers,
                            Content.Source.asString(request, StandardCharsets.UTF_8));
                    calls.computeIfAbsent(operation(call), k -> new AtomicInteger()).incrementAndGet();
                    Reply reply;
                    synchronized (faults) {
                        reply = faults.poll();
                    }
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    if (reply == null) {
                        reply = JettyFake.this.handle(call);
                    }
                    response.setStatus(reply.status());
                    if (contentType() != null) {
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType());
                    }
                    reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                    if (reply.bytes() != null) {
                        response.write(true, java.nio.ByteBuffer.wrap(reply.bytes()), callback);
                    } else {
                        Content.Sink.write(response, true, reply.body(), callback);
                    }
                } catch (Exception e) {
                    response.setStatus(500);
                    Content.Sink.write(response, true, "{\"message\":\"fake failed: " + e + "\"}", callback);
                }
                return true;
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The next {@code times} requests, whatever they are, get this answer instead. */
    void inject(int times, Reply fault) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(fault);
            }
        }
    }

    abstract String operation(Call call);

    abstract Reply handle(Call call) throws Exception;

    abstract String contentType();

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
