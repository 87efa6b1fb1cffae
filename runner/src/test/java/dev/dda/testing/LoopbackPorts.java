package dev.dda.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for services that tests start and then connect to. They come from below the kernel's ephemeral range
 * (32768 and up on Linux): a port the kernel handed out with {@code new ServerSocket(0)} is free only until the
 * socket closes, and any outgoing connection in the build (an HTTP client, moto, Maven) may take it or its neighbour
 * before the service binds. CI once failed that way.
 */
public final class LoopbackPorts {
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final int ATTEMPTS = 200;

    private LoopbackPorts() {
    }

    /** One port nothing listens on. */
    public static int free() {
        return freeRun(1);
    }

    /** The first of {@code count} consecutive ports that nothing listens on, for a fleet with one port per device. */
    public static int freeRun(int count) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count);
            if (allBindable(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports in " + LOWEST + "-" + HIGHEST + " after "
                + ATTEMPTS + " tries");
    }

    private static boolean allBindable(int first, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                // the wildcard address: a bind there fails if anything holds the port on any address, loopback included
                held.add(new ServerSocket(port, 1, null));
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            held.forEach(LoopbackPorts::close);
        }
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
