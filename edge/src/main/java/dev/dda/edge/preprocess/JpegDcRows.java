package dev.dda.edge.preprocess;

/**
 * The rows of a {@link JpegDcImage} for the resize. Grey is the Y plane as is (to each channel, as the other grey
 * paths do); colour has its chroma blocks replicated onto the luma block grid and turned to RGB with the JFIF
 * equations (in fixed point, as libjpeg does), rounded to 8 bits as a decoder's output is, then to the model's
 * channels by {@link PixelRows#put}.
 */
final class JpegDcRows implements PixelRows {
    private static final float INV_MAX = 1f / JpegDcImage.MAX;
    /** Fraction bits of the colour conversion's fixed-point arithmetic (as libjpeg's, on eighths of a level). */
    private static final int FRACTION = 16;
    /** R, G and B contributions of each chroma value (in eighths of a level, 0..2040), fixed-point. */
    private static final int[] CR_R = chroma(1.402);
    private static final int[] CR_G = chroma(-0.714136);
    private static final int[] CB_G = chroma(-0.344136);
    private static final int[] CB_B = chroma(1.772);

    private final JpegDcImage image;
    private final int channels;

    JpegDcRows(JpegDcImage image, int channels) {
        this.image = image;
        this.channels = channels;
    }

    @Override
    public float[] row(int y) {
        int w = image.width();
        float[] out = new float[w * channels];
        JpegDcImage.Plane luma = image.planes().get(0);
        short[] lv = luma.values();
        int l = (y >> luma.vShift()) * luma.stride();
        int lh = luma.hShift();
        if (image.planes().size() == 1) {
            for (int x = 0; x < w; x++) {
                float v = lv[l + (x >> lh)] * INV_MAX;
                for (int ch = 0; ch < channels; ch++) {
                    out[x * channels + ch] = v;
                }
            }
            return out;
        }
        JpegDcImage.Plane cbPlane = image.planes().get(1);
        JpegDcImage.Plane crPlane = image.planes().get(2);
        short[] bv = cbPlane.values();
        short[] rv = crPlane.values();
        int b = (y >> cbPlane.vShift()) * cbPlane.stride();
        int r = (y >> crPlane.vShift()) * crPlane.stride();
        int bh = cbPlane.hShift();
        int rh = crPlane.hShift();
        for (int x = 0; x < w; x++) {
            int luminance = lv[l + (x >> lh)] << FRACTION;
            int cb = bv[b + (x >> bh)];
            int cr = rv[r + (x >> rh)];
            PixelRows.put(out, x, channels, level(luminance + CR_R[cr]), level(luminance + CB_G[cb] + CR_G[cr]),
                    level(luminance + CB_B[cb]));
        }
        return out;
    }

    /** A fixed-point sum in eighths of a level, rounded to a level and clamped to 0..255. */
    private static int level(int v) {
        int rounded = (v + (1 << (FRACTION + 2))) >> (FRACTION + 3);
        return rounded < 0 ? 0 : Math.min(255, rounded);
    }

    private static int[] chroma(double factor) {
        int[] table = new int[JpegDcImage.MAX + 1];
        for (int i = 0; i < table.length; i++) {
            table[i] = (int) Math.round(factor * (i - 1024) * (1 << FRACTION));
        }
        return table;
    }
}
