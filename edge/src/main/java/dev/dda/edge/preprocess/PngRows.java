package dev.dda.edge.preprocess;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The rows of an 8-bit, non-interlaced PNG, inflated and unfiltered one at a time: only the previous row is kept,
 * so memory is two rows whatever the image's height.
 *
 * <p>A row is unfiltered only when someone needs it: the caller (a row the resize keeps) or the next row (whose
 * Up, Average or Paeth filter reads it). A row filtered with None or Sub that the caller skips is left as it is,
 * which saves most of the unfiltering of a subsampled photo (PNG encoders favour Sub for photos). Rows with the
 * other filters are always unfiltered, so a row's predecessor is always available when it is needed.
 */
final class PngRows implements AutoCloseable {
    /** Row buffers up to this size stay with the thread for the next image; larger ones are left to the GC. */
    private static final int KEPT_ROW_BYTES = 1 << 16;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final PngImage png;
    private final Scratch scratch;
    private final Inflater inflater;
    private final int bpp;
    private final int stride;
    private byte[] cur;
    private byte[] prev;
    private boolean prevDone = true;
    private int segment;
    private int rowsRead;

    /** Per-thread state that outlives one image: the Inflater (native zlib state) and the row buffers. */
    private static final class Scratch {
        final Inflater inflater = new Inflater();
        byte[] a = new byte[0];
        byte[] b = new byte[0];
        boolean busy;
    }

    PngRows(PngImage png) {
        this.png = png;
        this.bpp = png.bytesPerPixel();
        this.stride = 1 + (int) png.width() * bpp;
        Scratch s = SCRATCH.get();
        // a nested use on the same thread (never expected) gets its own state rather than corrupting the other's
        this.scratch = s.busy ? new Scratch() : s;
        scratch.busy = true;
        this.inflater = scratch.inflater;
        inflater.reset();
        this.cur = buffer(scratch.a);
        this.prev = buffer(scratch.b);
        // the row above the first one is zeros; next() swaps the buffers before reading, so cur becomes it
        java.util.Arrays.fill(cur, 0, stride, (byte) 0);
    }

    private byte[] buffer(byte[] kept) {
        return kept.length >= stride ? kept : new byte[stride];
    }

    /**
     * The next row: its pixels are at indices 1 to {@code width * bpp} of the returned array, valid until the
     * next call, and unfiltered if {@code needed} (otherwise possibly still filtered).
     */
    byte[] next(boolean needed) throws ImageRejectedException {
        byte[] t = prev;
        prev = cur;
        cur = t;
        inflateRow();
        int filter = cur[0];
        if (filter < 0 || filter > 4) {
            throw PngImage.corrupt("the PNG is corrupt: row " + rowsRead + " names filter type " + (filter & 0xff)
                    + "; only 0 to 4 exist");
        }
        if (filter >= 2 && !prevDone) {
            Unfilter.row(prev, null, stride, bpp);
        }
        boolean done = needed || filter >= 2;
        if (done) {
            Unfilter.row(cur, prev, stride, bpp);
        }
        prevDone = done;
        rowsRead++;
        return cur;
    }

    /**
     * Reads what remains of the pixel data without unfiltering it, so that zlib verifies the stream's checksum: a
     * truncated or corrupt file is refused even where the subsampled resize would not have looked.
     */
    void finish() throws ImageRejectedException {
        while (rowsRead < png.height()) {
            inflateRow();
            rowsRead++;
        }
        try {
            while (!inflater.finished()) {
                if (inflater.inflate(cur, 0, Math.min(stride, 64)) > 0) {
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

    private void inflateRow() throws ImageRejectedException {
        int got = 0;
        try {
            while (got < stride) {
                int n = inflater.inflate(cur, got, stride - got);
                got += n;
                if (n == 0 && got < stride) {
                    if (inflater.finished() || inflater.needsDictionary() || !inflater.needsInput() || !feed()) {
                        throw PngImage.corrupt("the PNG is truncated: its pixel data ends in row " + rowsRead + " of "
                                + png.height());
                    }
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

    private ImageRejectedException dataError(DataFormatException e) {
        return PngImage.corrupt("the PNG's pixel data is corrupt (zlib: " + e.getMessage() + ") near row " + rowsRead);
    }

    /** Gives the buffers back to the thread (small ones only) and drops the reference to the image's bytes. */
    @Override
    public void close() {
        inflater.reset();
        if (stride <= KEPT_ROW_BYTES) {
            scratch.a = cur;
            scratch.b = prev;
        }
        scratch.busy = false;
    }
}
