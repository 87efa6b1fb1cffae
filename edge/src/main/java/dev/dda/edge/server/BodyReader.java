package dev.dda.edge.server;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while the bytes are on their way: Jetty calls {@link #run} again
 * when more have arrived. A client that sends its body slowly (or never finishes it) therefore costs a connection
 * and the bytes it sent, not one of the server's threads; with blocking reads, a few hundred such clients took every
 * thread and health checks timed out.
 *
 * <p>Memory grows with the bytes received, never from the declared length alone, so a header that claims a large
 * body reserves little until the body comes. A body over {@code max} bytes (declared so, or found so) is read and
 * dropped up to {@code drainBound} before it is refused: closing a socket with unread bytes in its receive buffer
 * makes the kernel send a reset, which can destroy the refusal before the client reads it. A body declared longer
 * than the bound is refused at once, and past the bound the connection is closed after the answer.
 */
final class BodyReader implements Runnable {
    /** Where the body goes: exactly one of the three is called, once, from a thread that may block. */
    interface Outcome {
        void body(byte[] body);

        /** The body exceeded the limit; {@code drained} tells whether all of it was read (the connection can stay). */
        void tooLarge(boolean drained);

        void failed(Throwable cause);
    }

    private static final int FIRST_CAPACITY = 64 * 1024;

    private final Content.Source source;
    private final long declared;
    private final long max;
    private final long drainBound;
    private final Outcome outcome;
    private byte[] bytes;
    private int size;
    private long received;

    private BodyReader(Content.Source source, long declared, long max, long drainBound, Outcome outcome) {
        this.source = source;
        this.declared = declared;
        this.max = max;
        this.drainBound = drainBound;
        this.outcome = outcome;
        this.bytes = new byte[(int) Math.min(max, declared >= 0 ? Math.min(declared, FIRST_CAPACITY) : FIRST_CAPACITY)];
    }

    /**
     * Starts reading a body of {@code declared} bytes (-1: unknown); the outcome is called later, on a Jetty
     * thread, or before this returns.
     */
    static void read(Content.Source source, long declared, long max, long drainBound, Outcome outcome) {
        if (declared > drainBound) {
            outcome.tooLarge(false);
            return;
        }
        // a body declared over the limit keeps nothing: every byte of it is only drained
        new BodyReader(source, declared, declared > max ? 0 : max, drainBound, outcome).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                outcome.failed(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            take(chunk.getByteBuffer());
            chunk.release();
            if (received > max && (last || received >= drainBound)) {
                outcome.tooLarge(last);
                return;
            }
            if (last) {
                outcome.body(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                return;
            }
        }
    }

    /**
     * Room for at least {@code needed} bytes: four times the current, so that a camera frame is copied once or twice,
     * while what is reserved stays within four times what the client has sent; never beyond the declared length.
     */
    private int grown(int needed) {
        long room = Math.max(needed, 4L * bytes.length);
        if (declared >= needed) {
            room = Math.min(room, declared);
        }
        return (int) Math.min(max, room);
    }

    /** Appends the chunk while within the limit; beyond it, only counts it. */
    private void take(ByteBuffer b) {
        int n = b.remaining();
        if (received + n <= max) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, grown(size + n));
            }
            b.get(bytes, size, n);
            size += n;
        } else {
            // over the limit: what was kept is of no use, and the rest only needs counting
            bytes = new byte[0];
            size = 0;
        }
        received += n;
    }
}
