package dev.dda.edge.preprocess;

/**
 * The pixels of a PNG that the resize reads, straight from {@link PngRows}: no BufferedImage, no copy of the
 * image. With subsampling {@code (sx, sy)} the kept pixels are those ImageIO keeps for
 * {@code setSourceSubsampling(sx, sy, sx / 2, sy / 2)}: column {@code sx / 2 + k * sx}, row {@code sy / 2 + j * sy}.
 * Colour follows the ImageIO path exactly (same arithmetic): grey as is, alpha dropped, palette looked up,
 * RGB to grey with ITU-R 601 weights.
 */
final class PngPixelRows implements PixelRows {
    private final PngImage png;
    private final PngRows rows;
    private final int channels;
    private final int sx;
    private final int sy;
    private final int bpp;
    private final int keptWidth;
    private final int keptHeight;
    private int at;
    private int nextSource;

    PngPixelRows(PngImage png, PngRows rows, int channels, int sx, int sy) {
        this.png = png;
        this.rows = rows;
        this.channels = channels;
        this.sx = sx;
        this.sy = sy;
        this.bpp = png.bytesPerPixel();
        this.keptWidth = kept((int) png.width(), sx);
        this.keptHeight = kept((int) png.height(), sy);
    }

    /** Pixels kept along an axis of {@code length} with step {@code step}, starting at {@code step / 2}. */
    static int kept(int length, int step) {
        return (length - step / 2 + step - 1) / step;
    }

    int keptWidth() {
        return keptWidth;
    }

    int keptHeight() {
        return keptHeight;
    }

    @Override
    public float[] row(int y) {
        int i = advanceTo(y) + sx / 2;
        byte[] r = rows.buffer();
        byte[] palette = png.palette();
        float[] out = new float[keptWidth * channels];
        for (int x = 0; x < keptWidth; x++, i += sx) {
            int p = 3 * (r[i] & 0xff);
            PixelRows.put(out, x, channels, palette[p] & 0xff, palette[p + 1] & 0xff, palette[p + 2] & 0xff);
        }
        return out;
    }

    @Override
    public float[] resampled(int y, Resampler across, int c, int dstW) {
        // a palette index is no colour: those rows are looked up first
        return png.colourType() == 3 ? PixelRows.horizontal(row(y), across, c, dstW)
                : ByteRgbRows.interleaved(rows.buffer(), first(y), bpp, sx, across, c, dstW);
    }

    /** Index in the row buffer of the first kept pixel's first byte of kept row {@code y}. */
    private int first(int y) {
        return advanceTo(y) + (sx / 2) * bpp;
    }

    /**
     * Reads rows up to the source row of kept row {@code y} and returns where its pixels start in the row buffer;
     * the rows in between are skipped, not unfiltered.
     */
    private int advanceTo(int y) {
        int source = sy / 2 + y * sy;
        try {
            while (nextSource <= source) {
                at = rows.next(nextSource == source);
                nextSource++;
            }
        } catch (ImageRejectedException e) {
            throw new Rejected(e);
        }
        return at;
    }

    /** Carries a decoding failure through the resize loop, which knows nothing of decoding. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(ImageRejectedException cause) {
            super(cause);
        }

        ImageRejectedException rejection() {
            return (ImageRejectedException) getCause();
        }
    }
}
