package dev.dda.edge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

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
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> samples = new ArrayList<>();
        long[] counts = new long[clients];
        long[] bad = new long[clients];
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[4_000_000];
            samples.add(mine);
            int id = c;
            threads.add(new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress(host, port), 5000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
                    int n = 0;
                    while (!stop.get() && n < mine.length) {
                        long t = System.nanoTime();
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        mine[n++] = System.nanoTime() - t;
                        if (status < 200 || status > 299) {
                            bad[id]++;
                        }
                    }
                    counts[id] = n;
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, "load-" + c));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw failure[0];
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(samples.get(c), 0, all, at, (int) counts[c]);
            at += (int) counts[c];
        }
        Arrays.sort(all);
        return new Result(clients, total, Arrays.stream(bad).sum(), elapsed, total / elapsed,
                pct(all, 0.5), pct(all, 0.99));
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

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    public static String json(Result r) {
        return String.format(Locale.ROOT, "{\"clients\":%d,\"requests\":%d,\"non2xx\":%d,\"req_per_s\":%.1f,"
                + "\"p50_ms\":%.3f,\"p99_ms\":%.3f}", r.clients(), r.requests(), r.non2xx(), r.requestsPerSecond(),
                r.p50Ms(), r.p99Ms());
    }
}
