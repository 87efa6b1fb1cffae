package dev.dda.edge.preprocess;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The system's libdeflate, when it has one, for a PNG's pixel data in one call. On the aliens' 550x380 photo it
 * inflates in 0.40 ms where the JDK's zlib takes 1.57 ms, and inflating is most of what decoding a PNG costs.
 * libdeflate is in Debian and Ubuntu (libdeflate0, which libtiff pulls in); without it, or with
 * {@code -Ddda.inflate=zlib}, {@link PngRows} streams through zlib as before. Both give the same bytes.
 *
 * <p>It needs the whole output at once, so {@link PngRows} uses it only for images up to {@link #MAX_OUTPUT}.
 * Decompressors are not thread-safe: each call borrows one from a pool (as many as calls ever ran at once).
 */
final class LibDeflate {
    /**
     * Largest inflated pixel data handled in one piece (a 1920x1080 RGBA frame is 7.9 MiB); larger images stream
     * through zlib, so that no thread holds more than this in buffers.
     */
    static final long MAX_OUTPUT = 8L << 20;
    private static final int SUCCESS = 0;
    private static final int BAD_DATA = 1;
    private static final int INSUFFICIENT_SPACE = 3;
    private static final Optional<LibDeflate> SYSTEM = load();
    private static final ThreadLocal<ByteBuffer[]> BUFFERS = ThreadLocal.withInitial(() -> new ByteBuffer[2]);

    /** The C functions, size_t as NativeLong (the same width on every Linux, 32- and 64-bit). */
    interface Api extends Library {
        Pointer libdeflate_alloc_decompressor();

        int libdeflate_zlib_decompress(Pointer decompressor, Buffer in, NativeLong inBytes, Buffer out,
                                       NativeLong outBytesAvailable, NativeLongByReference actualOutBytes);
    }

    private final Api api;
    private final ConcurrentLinkedDeque<Pointer> decompressors = new ConcurrentLinkedDeque<>();

    private LibDeflate(Api api) {
        this.api = api;
    }

    /** libdeflate from the system, unless absent, unloadable or turned off. */
    static Optional<LibDeflate> system() {
        return SYSTEM;
    }

    private static Optional<LibDeflate> load() {
        if ("zlib".equals(System.getProperty("dda.inflate"))) {
            return Optional.empty();
        }
        for (String name : new String[] {"deflate", "libdeflate.so.0"}) {
            try {
                return Optional.of(new LibDeflate(Native.load(name, Api.class)));
            } catch (LinkageError e) {
                // not installed under this name (or JNA has no native stub for this platform): try the next
            }
        }
        return Optional.empty();
    }

    /**
     * Inflates the zlib stream made of {@code data}'s IDAT segments (offset, length pairs) into {@code out} from
     * {@code outOffset}, exactly {@code expected} bytes.
     *
     * @throws ImageRejectedException when the stream is corrupt, truncated, or longer than expected
     */
    void inflate(byte[] data, int[] segments, byte[] out, int outOffset, int expected, long height)
            throws ImageRejectedException {
        int inBytes = 0;
        for (int i = 1; i < segments.length; i += 2) {
            inBytes += segments[i];
        }
        ByteBuffer[] buffers = BUFFERS.get();
        ByteBuffer in = buffers[0] = atLeast(buffers[0], inBytes);
        ByteBuffer inflated = buffers[1] = atLeast(buffers[1], expected);
        for (int i = 0; i < segments.length; i += 2) {
            in.put(data, segments[i], segments[i + 1]);
        }
        NativeLongByReference actual = new NativeLongByReference();
        Pointer d = borrow();
        int result;
        try {
            result = api.libdeflate_zlib_decompress(d, in.flip(), new NativeLong(inBytes), inflated,
                    new NativeLong(expected), actual);
        } finally {
            decompressors.push(d);
        }
        if (result == INSUFFICIENT_SPACE) {
            throw PngImage.corrupt("the PNG holds more pixel data than its header's pixels");
        }
        if (result == BAD_DATA || result != SUCCESS) {
            throw PngImage.corrupt("the PNG's pixel data is corrupt or truncated (libdeflate found bad data or a"
                    + " wrong checksum)");
        }
        long got = actual.getValue().longValue();
        if (got < expected) {
            throw PngImage.corrupt("the PNG is truncated: its pixel data ends in row " + got * height / expected
                    + " of " + height);
        }
        inflated.get(0, out, outOffset, expected);
    }

    private Pointer borrow() {
        Pointer d = decompressors.poll();
        if (d == null) {
            d = api.libdeflate_alloc_decompressor();
            if (d == null) {
                throw new OutOfMemoryError("libdeflate could not allocate a decompressor");
            }
        }
        return d;
    }

    /** The thread's direct buffer when big enough (cleared), else a new one; they live as long as the thread. */
    private static ByteBuffer atLeast(ByteBuffer b, int size) {
        if (b != null && b.capacity() >= size) {
            return b.clear();
        }
        return ByteBuffer.allocateDirect(Math.max(size, 64 * 1024));
    }
}
