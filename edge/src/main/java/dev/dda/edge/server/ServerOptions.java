package dev.dda.edge.server;

/**
 * How the HTTP side runs.
 *
 * @param token bearer token every non-health endpoint requires, or null for none
 * @param threads inference workers (requests decoded and run at once)
 * @param queue requests that may wait for a worker before new ones get 429
 * @param maxBody largest request body accepted, bytes
 * @param maxWaitMillis longest a queued request waits for a worker before 503
 * @param idleTimeoutMillis longest a connection may send nothing, mid-request (then 408) or between requests
 */
public record ServerOptions(String host, int port, String token, int threads, int queue, long maxBody,
                            long maxWaitMillis, long idleTimeoutMillis) {
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;

    public ServerOptions {
        if (threads < 1 || queue < 0 || maxBody < 1 || port < 0 || port > 65535 || idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("threads >= 1, queue >= 0, max body >= 1, port 0..65535, idle timeout >= 1");
        }
    }

    public ServerOptions(String host, int port, String token, int threads, int queue, long maxBody,
                         long maxWaitMillis) {
        this(host, port, token, threads, queue, maxBody, maxWaitMillis, DEFAULT_IDLE_TIMEOUT_MILLIS);
    }
}
