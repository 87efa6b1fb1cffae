package dev.dda.edge.preprocess;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The rows of an 8-bit, non-interlaced PNG, inflated and unfiltered in order. Rows are inflated about 32 KB at a
 * time into one buffer (a zlib call per row costs more than the calls themselves save), and only the batch in hand
 * and the row above it are kept, so memory does not grow with the image's height.
 *
 * <p>A row is unfiltered only when someone needs it: the caller (a row the resize keeps) or the next row (whose
 * Up, Average or Paeth filter reads it). A row filtered with None or Sub that the caller skips is left as it is,
 * which saves most of the unfiltering of a subsampled photo (PNG encoders favour Sub for photos). Rows with the
 * other filters are always unfiltered, so a row's predecessor can always be unfiltered when it is needed.
 *
 * <p>When the system has libdeflate (see {@link LibDeflate}) and the image is not huge, all rows are inflated in one
 * call instead, four times faster than zlib; the rows are then read from that one buffer the same way.
 */
final class PngRows implements AutoCloseable {
    private static final int BATCH_BYTES = 32 * 1024;
    /** Buffers up to this size stay with the thread for the next image; larger ones are left to the GC. */
    private static final int KEPT_BUFFER_BYTES = 4 * BATCH_BYTES;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final PngImage png;
    private final Scratch scratch;
    private final Inflater inflater;
    private final int bpp;
    private final int stride;
    private final int perBatch;
    /** Slot 0 is the row above the batch; slots 1..batchRows the batch. */
    private final byte[] buf;
    private final boolean[] unfiltered;
    private int batchRows;
    private int slot;
    private long rowsInflated;
    private int segment;
    /** All rows were inflated at once (libdeflate), into this slot's array; null when streaming through zlib. */
    private final LibDeflate.Slot whole;
    /** A slot given back twice would be handed to two decodes at once. */
    private boolean closed;

    /** Per-thread state that outlives one image: the Inflater (native zlib state) and the row buffer. */
    private static final class Scratch {
        final Inflater inflater = new Inflater();
        byte[] buf = new byte[0];
        boolean busy;
    }

    PngRows(PngImage png) throws ImageRejectedException {
        this(png, LibDeflate.system().orElse(null));
    }

    /** With {@code libdeflate} null, rows always stream through zlib. */
    PngRows(PngImage png, LibDeflate libdeflate) throws ImageRejectedException {
        this.png = png;
        this.bpp = png.bytesPerPixel();
        this.stride = 1 + (int) png.width() * bpp;
        long total = png.height() * stride;
        this.whole = libdeflate != null && total <= LibDeflate.MAX_OUTPUT ? libdeflate.borrow() : null;
        this.perBatch = whole != null ? (int) png.height() : Math.max(1, BATCH_BYTES / stride);
        Scratch s = SCRATCH.get();
        // a nested use on the same thread (never expected) gets its own state rather than corrupting the other's
        this.scratch = s.busy ? new Scratch() : s;
        this.inflater = scratch.inflater;
        inflater.reset();
        int size = (perBatch + 1) * stride;
        this.buf = whole != null ? whole.rows(size) : scratch.buf.length >= size ? scratch.buf : new byte[size];
        // the row above the first one is zeros
        Arrays.fill(buf, 0, stride, (byte) 0);
        this.unfiltered = new boolean[perBatch + 1];
        unfiltered[0] = true;
        scratch.busy = true;
        if (whole != null) {
            try {
                libdeflate.inflate(whole, png.data(), png.idat(), buf, stride, (int) total, png.height());
            } catch (ImageRejectedException | RuntimeException e) {
                close();
                throw e;
            }
            rowsInflated = png.height();
            batchRows = perBatch;
        }
    }

    /** The buffer the rows are in; {@link #next} says where. */
    byte[] buffer() {
        return buf;
    }

    /**
     * Moves to the next row and returns the index in {@link #buffer()} of its first pixel byte; the row stays
     * there until the next call, unfiltered if {@code needed} (otherwise possibly still filtered).
     */
    int next(boolean needed) throws ImageRejectedException {
        if (slot == batchRows) {
            refill();
        }
        slot++;
        int at = slot * stride;
        int filter = buf[at];
        if (filter < 0 || filter > 4) {
            throw PngImage.corrupt("the PNG is corrupt: row " + row() + " names filter type " + (filter & 0xff)
                    + "; only 0 to 4 exist");
        }
        if (filter >= 2 && !unfiltered[slot - 1]) {
            Unfilter.row(buf, at - stride, stride, bpp);
        }
        boolean done = needed || filter >= 2;
        if (done) {
            Unfilter.row(buf, at, stride, bpp);
        }
        unfiltered[slot] = done;
        return at + 1;
    }

    /**
     * Inflates what remains of the pixel data without unfiltering it, so that zlib verifies the stream's checksum: a
     * truncated or corrupt file is refused even where the subsampled resize would not have looked.
     */
    void finish() throws ImageRejectedException {
        if (whole != null) {
            return;
        }
        while (rowsInflated < png.height()) {
            refill();
        }
        try {
            while (!inflater.finished()) {
                if (inflater.inflate(buf, 0, Math.min(buf.length, 64)) > 0) {
                    throw PngImage.corrupt("the PNG holds more pixel data than its header's " + png.width() + "x"
                            + png.height() + " pixels");
                }
                if (!inflater.finished() && !(inflater.needsInput() && feed())) {
                    throw PngImage.corrupt("the PNG is truncated: its pixel data ends without zlib's checksum");
                }
            }
        } catch (DataFormatException e) {
            throw dataError(e);
        }
    }

    /** The next batch of rows into slots 1.., the last row of this batch moved to slot 0 above them. */
    private void refill() throws ImageRejectedException {
        if (batchRows > 0) {
            System.arraycopy(buf, batchRows * stride, buf, 0, stride);
            unfiltered[0] = unfiltered[batchRows];
        }
        int rows = (int) Math.min(perBatch, png.height() - rowsInflated);
        inflate(stride, rows * stride);
        rowsInflated += rows;
        batchRows = rows;
        slot = 0;
    }

    private void inflate(int from, int length) throws ImageRejectedException {
        int got = 0;
        try {
            while (got < length) {
                int n = inflater.inflate(buf, from + got, length - got);
                got += n;
                if (n == 0 && got < length
                        && (inflater.finished() || !inflater.needsInput() || !feed())) {
                    throw PngImage.corrupt("the PNG is truncated: its pixel data ends in row "
                            + (rowsInflated + got / stride) + " of " + png.height());
                }
            }
        } catch (DataFormatException e) {
            throw dataError(e);
        }
    }

    /** Hands the inflater the next IDAT chunk's data (no copy); false when there is none. */
    private boolean feed() {
        int[] idat = png.idat();
        while (2 * segment < idat.length) {
            int at = idat[2 * segment];
            int length = idat[2 * segment + 1];
            segment++;
            if (length > 0) {
                inflater.setInput(png.data(), at, length);
                return true;
            }
        }
        return false;
    }

    private long row() {
        return rowsInflated - batchRows + slot - 1;
    }

    private ImageRejectedException dataError(DataFormatException e) {
        return PngImage.corrupt("the PNG's pixel data is corrupt (zlib: " + e.getMessage() + ") near row "
                + rowsInflated);
    }

    /**
     * Gives the buffer back: a libdeflate slot to its pool, a small streaming buffer to the thread; and drops the
     * inflater's hold on the image.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inflater.reset();
        if (whole != null) {
            whole.close();
        } else if (buf.length <= KEPT_BUFFER_BYTES) {
            scratch.buf = buf;
        }
        scratch.busy = false;
    }
}
