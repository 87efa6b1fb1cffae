package dev.dda.edge.preprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bits of one entropy-coded segment of a JPEG, most significant first: bytes are read ahead into a 64-bit
 * buffer, the 0x00 stuffed after each 0xFF data byte is dropped, and reading stops at the first marker (0xFF and a
 * non-zero byte) or at the end of the data.
 *
 * <p>Past that point the buffer is filled with zero bits counted as padding, so a decoder may peek further than the
 * segment goes (a Huffman lookup peeks 16 bits near its end) and learn afterwards, from {@link #overrun}, whether it
 * consumed any of them. libjpeg decodes such padding as data and only warns; a server would then classify an image
 * of which a part is missing, so the decoder refuses it instead.
 */
final class JpegBits {
    private static final int LOOKUP_MASK = (1 << JpegHuffman.LOOKUP_BITS) - 1;
    private static final int RUN_MASK = (1 << JpegHuffman.RUN_BITS) - 1;
    private static final VarHandle BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);
    private final byte[] data;
    private int pos;
    /** Buffered bits: the lowest {@link #count} bits, the next one highest. */
    private long buffer;
    private int count;
    /** Zero bits at the bottom of the buffer that are not data. */
    private int padding;
    private boolean stopped;

    JpegBits(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    /** Ensures at least 32 bits are buffered: enough for a code (at most 16 bits) and its extra bits (15). */
    void need() {
        if (count < 32) {
            fill();
        }
    }

    private void fill() {
        if (!stopped && pos <= data.length - 8) {
            // whole bytes that fit, read as one big-endian long when none of them is 0xFF (the usual case)
            int bytes = (64 - count) >> 3;
            long next = (long) BIG_ENDIAN.get(data, pos);
            long inverted = ~next;
            // a 0x80 bit for each 0xFF byte (and perhaps for a byte before one): then byte by byte, exactly
            long ff = (inverted - 0x0101010101010101L) & next & 0x8080808080808080L;
            long wanted = bytes == 8 ? -1L : ~(-1L >>> (8 * bytes));
            if ((ff & wanted) == 0) {
                buffer = bytes == 8 ? next : buffer << (8 * bytes) | next >>> (64 - 8 * bytes);
                count += 8 * bytes;
                pos += bytes;
                return;
            }
        }
        // locals, stored once: the fields would be written back on every byte
        long bits = buffer;
        int n = count;
        int p = pos;
        byte[] d = data;
        while (n <= 56 && !stopped) {
            if (p >= d.length) {
                stopped = true;
                break;
            }
            int b = d[p] & 0xff;
            if (b != 0xff) {
                p++;
            } else if (p + 1 < d.length && d[p + 1] == 0) {
                p += 2;
            } else {
                // a marker (or fill bytes before one): the segment ends, pos stays on it
                stopped = true;
                break;
            }
            bits = bits << 8 | b;
            n += 8;
        }
        while (n <= 56) {
            bits <<= 8;
            n += 8;
            padding += 8;
        }
        buffer = bits;
        count = n;
        pos = p;
    }

    /**
     * Decodes one block: returns the difference of its DC coefficient from the previous block's and reads past its
     * AC coefficients. The buffer is held in locals here: this is most of the work.
     */
    int block(JpegHuffman dc, JpegHuffman ac) throws ImageRejectedException {
        long bits = buffer;
        int n = count;
        if (n < 32) {
            fill();
            bits = buffer;
            n = count;
        }
        int entry = dc.lookup[(int) (bits >>> (n - JpegHuffman.LOOKUP_BITS)) & LOOKUP_MASK];
        int magnitude;
        if (entry != 0) {
            n -= entry >> 8;
            magnitude = entry & 0xff;
        } else {
            count = n;
            magnitude = dc.decode(this);
            n = count;
        }
        int diff = 0;
        if (magnitude != 0) {
            int v = (int) (bits >>> (n - magnitude)) & ((1 << magnitude) - 1);
            n -= magnitude;
            diff = v < 1 << (magnitude - 1) ? v - (1 << magnitude) + 1 : v;
        }
        short[] skip = ac.skip;
        int[] runs = ac.run;
        int k = 1;
        while (k < 64) {
            if (n < 32) {
                buffer = bits;
                count = n;
                fill();
                bits = buffer;
                n = count;
            }
            int run = runs[(int) (bits >>> (n - JpegHuffman.RUN_BITS)) & RUN_MASK];
            // whole only while the block cannot end among them without an EOB: else one coefficient at a time
            if (run != 0 && k + (run >> 8 & 0xff) < 64) {
                n -= run & 0xff;
                k += run >> 8 & 0xff;
                if (run >> 16 != 0) {
                    break;
                }
                continue;
            }
            entry = skip[(int) (bits >>> (n - JpegHuffman.LOOKUP_BITS)) & LOOKUP_MASK];
            int passed;
            if (entry != 0) {
                n -= entry >> 8;
                passed = entry & 0xff;
            } else {
                // a code longer than the lookup: rare in photos
                buffer = bits;
                count = n;
                int runSize = ac.decode(this);
                n = count - (runSize & 15);
                passed = (runSize & 15) != 0 ? (runSize >> 4) + 1 : runSize == 0xF0 ? 16 : 0;
            }
            if (passed == 0) {
                break;
            }
            k += passed;
        }
        buffer = bits;
        count = n;
        if (k > 64) {
            throw failure("the JPEG's entropy-coded data is corrupt: a block has more than 64 coefficients");
        }
        return diff;
    }

    /** The next {@code n} bits (1..16), not consumed. */
    int peek(int n) {
        return (int) (buffer >>> (count - n)) & ((1 << n) - 1);
    }

    void skip(int n) {
        count -= n;
    }

    /** The next {@code n} bits (0..16), consumed. */
    int take(int n) {
        int v = (int) (buffer >>> (count - n)) & ((1 << n) - 1);
        count -= n;
        return v;
    }

    /** True once padding beyond the segment's end has been consumed as data. */
    boolean overrun() {
        return count < padding;
    }

    /** Whole bytes of data buffered but not consumed: the encoder pads only the last byte, so these are extraneous. */
    int unusedBytes() {
        return (count - padding) / 8;
    }

    /** Where reading stopped: the marker after the segment (or the end of the data) once the segment is read out. */
    int position() {
        return pos;
    }

    /** Starts reading a new segment at {@code at}: after a restart marker. */
    void restartAt(int at) {
        pos = at;
        buffer = 0;
        count = 0;
        padding = 0;
        stopped = false;
    }

    /**
     * A refusal for a segment that failed to decode: a truncated one when the failing code reached into the padding
     * (a code is at most 16 bits).
     */
    ImageRejectedException failure(String message) {
        return ImageRejectedException.corrupt(count - padding < 16 ? truncation() : message);
    }

    /** What cut the segment short, for a refusal. */
    String truncation() {
        int marker = pos + 1;
        while (marker < data.length && data[marker] == (byte) 0xFF) {
            marker++;
        }
        if (marker >= data.length) {
            return "the JPEG is truncated in its entropy-coded data (the data ends at byte " + data.length + ")";
        }
        return String.format("the JPEG's entropy-coded data is cut short by marker 0xFF%02X at byte %d",
                data[marker] & 0xff, marker - 1);
    }
}
