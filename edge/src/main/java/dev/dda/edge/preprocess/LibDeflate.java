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
 * Decompressors are not thread-safe, and the buffers are large: a decode borrows a {@link Slot} (decompressor,
 * native buffers, the rows array) from a pool that holds as many as decodes ever ran at once, so memory follows the
 * server's workers, not the number of threads that ever decoded.
 */
final class LibDeflate {
    /**
     * Largest inflated pixel data handled in one piece (a 3840x2160 RGB frame is 23.7 MiB); larger images stream
     * through zlib, which takes about three times as long (a 2592x1944 RGB photo: 27 ms through zlib).
     */
    static final long MAX_OUTPUT = 32L << 20;
    /**
     * Buffers up to this size (a 1920x1080 RGBA frame is 7.9 MiB) are kept whatever comes next. Larger ones are
     * kept while images of about their size keep coming, as from a camera (reallocating them cost a 2592x1944 RGB
     * photo 6 of its 13 ms), and shrink at the first image under half their size, so that memory does not stay at
     * the largest image the server ever saw.
     */
    static final int KEPT_BYTES = 8 << 20;
    private static final int SUCCESS = 0;
    private static final int INSUFFICIENT_SPACE = 3;
    private static final Optional<LibDeflate> SYSTEM = load();

    /** The C functions, size_t as NativeLong (the same width on every Linux, 32- and 64-bit). */
    interface Api extends Library {
        Pointer libdeflate_alloc_decompressor();

        int libdeflate_zlib_decompress(Pointer decompressor, Buffer in, NativeLong inBytes, Buffer out,
                                       NativeLong outBytesAvailable, NativeLongByReference actualOutBytes);
    }

    private final Api api;
    private final ConcurrentLinkedDeque<Slot> slots = new ConcurrentLinkedDeque<>();

    /** What one decode holds while it runs; {@link #close()} gives it back to the pool. */
    final class Slot implements AutoCloseable {
        private final Pointer decompressor;
        private ByteBuffer in = ByteBuffer.allocateDirect(0);
        private ByteBuffer out = ByteBuffer.allocateDirect(0);
        private byte[] rows = new byte[0];

        private Slot(Pointer decompressor) {
            this.decompressor = decompressor;
        }

        /** The rows array, at least {@code size} bytes; its contents are whatever the last decode left. */
        byte[] rows(int size) {
            if (!fits(rows.length, size)) {
                rows = new byte[size];
            }
            return rows;
        }

        /** The largest buffer this slot holds between decodes. */
        int largestBuffer() {
            return Math.max(Math.max(in.capacity(), out.capacity()), rows.length);
        }

        @Override
        public void close() {
            slots.push(this);
        }
    }

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

    /** A slot for one decode: a free one from the pool, or a new one. */
    Slot borrow() {
        Slot slot = slots.poll();
        if (slot != null) {
            return slot;
        }
        Pointer d = api.libdeflate_alloc_decompressor();
        if (d == null) {
            throw new OutOfMemoryError("libdeflate could not allocate a decompressor");
        }
        return new Slot(d);
    }

    /**
     * Inflates the zlib stream made of {@code data}'s IDAT segments (offset, length pairs) into {@code out} from
     * {@code outOffset}, exactly {@code expected} bytes, with the slot's decompressor and buffers.
     *
     * @throws ImageRejectedException when the stream is corrupt, truncated, or longer than expected
     */
    void inflate(Slot slot, byte[] data, int[] segments, byte[] out, int outOffset, int expected, long height)
            throws ImageRejectedException {
        int inBytes = 0;
        for (int i = 1; i < segments.length; i += 2) {
            inBytes += segments[i];
        }
        ByteBuffer in = slot.in = atLeast(slot.in, inBytes);
        ByteBuffer inflated = slot.out = atLeast(slot.out, expected);
        for (int i = 0; i < segments.length; i += 2) {
            in.put(data, segments[i], segments[i + 1]);
        }
        NativeLongByReference actual = new NativeLongByReference();
        int result = api.libdeflate_zlib_decompress(slot.decompressor, in.flip(), new NativeLong(inBytes), inflated,
                new NativeLong(expected), actual);
        if (result == INSUFFICIENT_SPACE) {
            throw PngImage.corrupt("the PNG holds more pixel data than its header's pixels");
        }
        if (result != SUCCESS) {
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

    /** The slot's direct buffer when it fits (cleared), else a new one. */
    private static ByteBuffer atLeast(ByteBuffer b, int size) {
        if (fits(b.capacity(), size)) {
            return b.clear();
        }
        return ByteBuffer.allocateDirect(Math.max(size, 64 * 1024));
    }

    /** Whether a buffer of {@code capacity} serves {@code size} bytes without holding on to much more. */
    static boolean fits(long capacity, long size) {
        return capacity >= size && (capacity <= KEPT_BYTES || capacity <= 2 * size);
    }
}
