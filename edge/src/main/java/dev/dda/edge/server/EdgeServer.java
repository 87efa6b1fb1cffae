package dev.dda.edge.server;

import dev.dda.edge.runtime.ModelRegistry;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty 12 server (core handlers, no servlets) around a model registry. */
public final class EdgeServer implements AutoCloseable {
    /** Jetty threads beyond workers and queue: selector, acceptor, and room to answer health, metrics and 429s. */
    private static final int SPARE_THREADS = 12;
    private static final long LIMITED_IDLE_TIMEOUT_MILLIS = 5_000;

    private final Server server;
    private final ServerConnector connector;

    private EdgeServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static EdgeServer start(ServerOptions options, ModelRegistry registry) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(options.threads() + options.queue() + SPARE_THREADS, 4);
        pool.setName("edge-http");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeoutMillis());
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(options.maxConnections(), connector);
        // at the limit, idle keep-alive connections are shed sooner to make room for waiting ones
        limit.setEndPointIdleTimeout(Math.min(options.idleTimeoutMillis(), LIMITED_IDLE_TIMEOUT_MILLIS));
        server.addBean(limit);
        Admission admission = new Admission(options.threads(), options.queue(), options.maxWaitMillis());
        Metrics metrics = new Metrics(admission::queueDepth, registry::statuses, limit);
        InferenceApi inference = new InferenceApi(registry, admission, metrics, options.maxBody());
        server.setHandler(new Router(options, inference, new ModelApi(registry), metrics));
        server.setErrorHandler(new JsonErrors(http.getRequestHeaderSize()));
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            // a port that cannot be bound fails the start after the thread pool started: stop it, or it stays
            server.stop();
            throw e;
        }
        return new EdgeServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
