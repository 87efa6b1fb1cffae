package dev.dda.edge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator for bench/edge when wrk is not installed: each client keeps one
 * keep-alive connection and sends the same request again as soon as the answer is read. Raw sockets, so the
 * client adds as little latency as possible.
 */
public final class LoadGenerator {
    public record Result(int clients, long requests, long non2xx, double seconds, double requestsPerSecond,
                         double p50Ms, double p99Ms) {}

    private LoadGenerator() {}

    public static Result run(String host, int port, String path, String contentType, byte[] body, int clients,
                             double seconds) throws Exception {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        AtomicLong bad = new AtomicLong();
        ClosedLoop.Result r = ClosedLoop.run(clients, seconds, t -> new Connection(host, port, request, bad));
        return new Result(clients, r.calls(), bad.get(), r.seconds(), r.callsPerSecond(), r.p50Ms(), r.p99Ms());
    }

    /** One keep-alive connection sending the same request again and again. */
    private static final class Connection implements ClosedLoop.Worker {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final AtomicLong bad;

        Connection(String host, int port, byte[] request, AtomicLong bad) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 65536);
            this.request = request;
            this.bad = bad;
        }

        @Override
        public void once() throws IOException {
            out.write(request);
            out.flush();
            int status = readResponse(in);
            if (status < 200 || status > 299) {
                bad.incrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        for (String h; !(h = line(in)).isEmpty(); ) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    public static String json(Result r) {
        return String.format(Locale.ROOT, "{\"clients\":%d,\"requests\":%d,\"non2xx\":%d,\"req_per_s\":%.1f,"
                + "\"p50_ms\":%.3f,\"p99_ms\":%.3f}", r.clients(), r.requests(), r.non2xx(), r.requestsPerSecond(),
                r.p50Ms(), r.p99Ms());
    }
}
