package dev.dda.edge.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, authentication, body limits, errors and metrics for every request. Handlers return a {@link Reply} or
 * throw {@link HttpError}; anything else becomes a logged JSON 500, and the server keeps serving.
 *
 * <p>Health endpoints stay open without the token, as with KServe and Triton, so that orchestrators (Greengrass
 * health checks, Kubernetes probes) need no secret; every other endpoint, metrics included, needs it.
 */
final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** How much of an over-limit body is read and dropped so that its 413 reaches the client intact (BodyReader). */
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;

    private final ServerOptions options;
    private final InferenceApi inference;
    private final ModelApi models;
    private final Metrics metrics;
    private final byte[] token;

    Router(ServerOptions options, InferenceApi inference, ModelApi models, Metrics metrics) {
        this.options = options;
        this.inference = inference;
        this.models = models;
        this.metrics = metrics;
        this.token = options.token() == null ? null : ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
    }

    /** One matched route: a metrics name, whether it is open without a token, and what it does. */
    private record Route(String endpoint, boolean open, Action action) {}

    private interface Action {
        Reply run(Call call) throws Exception;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange x = new Exchange(request, response, callback);
        try {
            x.route = route(request.getMethod(), Request.getPathInContext(request).split("/", -1));
            checkToken(x.route, request);
            if (!bodiless(request)) {
                checkContentCoding(request);
            }
        } catch (HttpError e) {
            x.answer(e.reply());
            return true;
        }
        if (bodiless(request)) {
            x.body(new byte[0]);
            return true;
        }
        BodyReader.read(request, request.getLength(), options.maxBody(), Math.max(DRAIN_BYTES, options.maxBody()), x);
        return true;
    }

    /** One request in flight: its route once matched, where its answer goes, and when it started. */
    private final class Exchange implements BodyReader.Outcome {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long start = System.nanoTime();
        private Route route;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        /** Runs the route with the whole body; anything but an HttpError becomes a logged JSON 500. */
        @Override
        public void body(byte[] body) {
            Reply reply;
            try {
                Call call = new Call(request.getMethod(), Request.getPathInContext(request), query(request),
                        request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
                reply = route.action().run(call);
            } catch (HttpError e) {
                reply = e.reply();
            } catch (Exception | LinkageError e) {
                LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
                reply = new HttpError(500, "internal error: " + ImageInput.rootMessage(e)).reply();
            }
            answer(reply);
        }

        @Override
        public void tooLarge(boolean drained) {
            answer(Router.this.tooLarge(request.getLength(), drained).reply());
        }

        @Override
        public void failed(Throwable cause) {
            if (cause instanceof TimeoutException) {
                answer(new HttpError(408, "the request body stalled: nothing arrived for "
                        + options.idleTimeoutMillis() + " ms (--idle-timeout-ms); send it again")
                        .header(HttpHeader.CONNECTION.asString(), "close").reply());
            } else {
                answer(new HttpError(400, "the request body could not be read: " + ImageInput.rootMessage(cause))
                        .reply());
            }
        }

        void answer(Reply reply) {
            write(reply, response, callback);
            metrics.request(route == null ? "unmatched" : route.endpoint(), reply.status(), System.nanoTime() - start);
        }
    }

    private Route route(String method, String[] p) throws HttpError {
        // p[0] is "" (the path starts with '/')
        int n = p.length;
        if (n == 2 && p[1].equals("predict")) {
            return only("POST", method, new Route("predict", false, inference::predict));
        }
        if (n == 2 && p[1].equals("metrics")) {
            return only("GET", method, new Route("metrics", false,
                    c -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render())));
        }
        if (n < 2 || !p[1].equals("v2")) {
            throw new HttpError(404, "no such endpoint: " + String.join("/", p));
        }
        if (n == 2 || (n == 3 && p[2].isEmpty())) {
            return only("GET", method, new Route("v2_server", false, c -> models.server()));
        }
        if (n == 4 && p[2].equals("health") && p[3].equals("live")) {
            return only("GET", method, new Route("v2_health_live", true, c -> models.live()));
        }
        if (n == 4 && p[2].equals("health") && p[3].equals("ready")) {
            return only("GET", method, new Route("v2_health_ready", true, c -> models.ready()));
        }
        if (n >= 4 && p[2].equals("models")) {
            return modelRoute(method, p);
        }
        if (n == 4 && p[2].equals("repository") && p[3].equals("index")) {
            if (!method.equals("GET") && !method.equals("POST")) {
                throw new HttpError(405, "use GET or POST for " + String.join("/", p));
            }
            return new Route("v2_repository_index", false, c -> models.index(c.body()));
        }
        if (n >= 6 && p[2].equals("repository") && p[3].equals("models")) {
            return repositoryRoute(method, p);
        }
        throw new HttpError(404, "no such endpoint: " + String.join("/", p));
    }

    /** /v2/models/{m}[/versions/{v}][/ready|/infer] */
    private Route modelRoute(String method, String[] p) throws HttpError {
        String name = p[3];
        int i = 4;
        String version = null;
        if (p.length > 5 && p[4].equals("versions")) {
            version = p[5];
            i = 6;
        }
        String v = version;
        String tail = p.length > i ? p[i] : "";
        if (p.length > i + 1) {
            throw new HttpError(404, "no such endpoint: " + String.join("/", p));
        }
        return switch (tail) {
            case "" -> only("GET", method, new Route("v2_model_metadata", false, c -> models.metadata(name, v)));
            case "ready" -> only("GET", method, new Route("v2_model_ready", false, c -> models.modelReady(name, v)));
            case "infer" -> only("POST", method, new Route("v2_infer", false, c -> inference.infer(c, name, v)));
            default -> throw new HttpError(404, "no such endpoint: " + String.join("/", p));
        };
    }

    /** /v2/repository/models/{m}[/versions/{v}]/load|unload */
    private Route repositoryRoute(String method, String[] p) throws HttpError {
        String name = p[4];
        String version = p.length == 8 && p[5].equals("versions") ? p[6] : null;
        String action = p[p.length - 1];
        if (!(p.length == 6 || version != null)) {
            throw new HttpError(404, "no such endpoint: " + String.join("/", p));
        }
        return switch (action) {
            case "load" -> only("POST", method, new Route("v2_repository_load", false,
                    c -> models.load(name, version, c.body())));
            case "unload" -> only("POST", method, new Route("v2_repository_unload", false,
                    c -> models.unload(name, c.body())));
            default -> throw new HttpError(404, "no such endpoint: " + String.join("/", p));
        };
    }

    /**
     * The route when {@code method} is the allowed one (HEAD goes wherever GET does: probes use it); otherwise the
     * same endpoint answering 405, so that the metrics count the refusal under the endpoint that was asked.
     */
    private static Route only(String allowed, String method, Route route) {
        if (allowed.equals(method) || ("GET".equals(allowed) && "HEAD".equals(method))) {
            return route;
        }
        return new Route(route.endpoint(), route.open(), c -> {
            throw new HttpError(405, "method " + method + " is not allowed here; use " + allowed);
        });
    }

    private void checkToken(Route route, Request request) throws HttpError {
        if (token == null || route.open()) {
            return;
        }
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        // constant-time comparison: the token must not leak through response timing
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "missing or wrong bearer token (Authorization: Bearer TOKEN)")
                    .header("WWW-Authenticate", "Bearer realm=\"dda-edge\"");
        }
    }

    private static boolean bodiless(Request request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /**
     * Bodies come as they are: read as it is, a gzipped image would only be refused as an unknown format. RFC 9110
     * (15.5.16) asks for a 415 that says which codings would do.
     */
    private static void checkContentCoding(Request request) throws HttpError {
        String coding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !"identity".equalsIgnoreCase(coding.trim())) {
            throw new HttpError(415, "Content-Encoding " + coding + " is not accepted; send the body as it is"
                    + " (images are compressed already)").header(HttpHeader.ACCEPT_ENCODING.asString(), "identity");
        }
    }

    /**
     * The 413 for a body over the limit; {@code drained}: the rest of the body was read and dropped, so the
     * connection can serve the next request (see {@link BodyReader}), else it is closed after the answer.
     */
    private HttpError tooLarge(long declared, boolean drained) {
        HttpError e = new HttpError(413, "request body " + (declared >= 0 ? "of " + declared + " bytes " : "")
                + "exceeds the limit of " + options.maxBody() + " bytes");
        if (!drained) {
            e.header(HttpHeader.CONNECTION.asString(), "close");
        }
        return e;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> out = new HashMap<>();
        if (request.getHttpURI().getQuery() == null) {
            return out;
        }
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValue());
        }
        return out;
    }

    private static void write(Reply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
