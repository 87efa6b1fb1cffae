package dev.dda.edge.preprocess;

/**
 * The pixels of a raw frame that the resize reads, where they lie in the request's bytes: nothing is decoded or
 * copied. It keeps the pixels {@link PngPixelRows} keeps for the same subsampling and does the same arithmetic, so
 * a frame and a PNG of the same pixels become the same model input.
 */
final class PnmPixelRows implements PixelRows {
    private final PnmImage pnm;
    private final int channels;
    private final int sx;
    private final int sy;
    private final int keptWidth;

    PnmPixelRows(PnmImage pnm, int channels, int sx, int sy) {
        this.pnm = pnm;
        this.channels = channels;
        this.sx = sx;
        this.sy = sy;
        this.keptWidth = PngPixelRows.kept((int) pnm.width(), sx);
    }

    int keptWidth() {
        return keptWidth;
    }

    int keptHeight() {
        return PngPixelRows.kept((int) pnm.height(), sy);
    }

    @Override
    public float[] row(int y) {
        byte[] d = pnm.data();
        int step = sx * pnm.channels();
        int g = pnm.channels() == 3 ? 1 : 0;
        int b = pnm.channels() == 3 ? 2 : 0;
        float[] out = new float[keptWidth * channels];
        for (int x = 0, i = first(y); x < keptWidth; x++, i += step) {
            PixelRows.put(out, x, channels, d[i] & 0xff, d[i + g] & 0xff, d[i + b] & 0xff);
        }
        return out;
    }

    @Override
    public float[] resampled(int y, Resampler across, int c, int dstW) {
        return ByteRgbRows.interleaved(pnm.data(), first(y), pnm.channels(), sx, across, c, dstW);
    }

    /** Index of the first kept pixel's first byte in kept row {@code y}. */
    private int first(int y) {
        long row = sy / 2 + (long) y * sy;
        return (int) (pnm.pixels() + (row * pnm.width() + sx / 2) * pnm.channels());
    }
}
