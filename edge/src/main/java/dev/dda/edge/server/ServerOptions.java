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
 * @param maxConnections open connections at most; beyond, new ones wait in the kernel's backlog until one closes
 */
public record ServerOptions(String host, int port, String token, int threads, int queue, long maxBody,
                            long maxWaitMillis, long idleTimeoutMillis, int maxConnections) {
    /** The service's port when none is given: the DDA edge server's, which cameras and the tutorial's curl use. */
    public static final int DEFAULT_PORT = 5000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
    /** File descriptors kept back from connections: the JVM's jars and TensorFlow's libraries, models, logs. */
    private static final long RESERVED_FILES = 256;

    public ServerOptions {
        if (threads < 1 || queue < 0 || maxBody < 1 || port < 0 || port > 65535 || idleTimeoutMillis < 1
                || maxConnections < 1) {
            throw new IllegalArgumentException("threads >= 1, queue >= 0, max body >= 1, port 0..65535, idle timeout"
                    + " >= 1, max connections >= 1");
        }
    }

    public ServerOptions(String host, int port, String token, int threads, int queue, long maxBody,
                         long maxWaitMillis) {
        this(host, port, token, threads, queue, maxBody, maxWaitMillis, DEFAULT_IDLE_TIMEOUT_MILLIS,
                defaultMaxConnections());
    }

    public ServerOptions withIdleTimeoutMillis(long millis) {
        return new ServerOptions(host, port, token, threads, queue, maxBody, maxWaitMillis, millis, maxConnections);
    }

    public ServerOptions withMaxConnections(int max) {
        return new ServerOptions(host, port, token, threads, queue, maxBody, maxWaitMillis, idleTimeoutMillis, max);
    }

    /**
     * What the process's open-file limit leaves after a reserve, between 16 and 10,000: a device service under a
     * default limit of 1,024 files would otherwise let a flood of connections take the descriptors a model load
     * or a log write needs, and fail those instead of making the newcomers wait.
     */
    public static int defaultMaxConnections() {
        long files = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(16, Math.min(10_000, files - RESERVED_FILES));
    }
}
