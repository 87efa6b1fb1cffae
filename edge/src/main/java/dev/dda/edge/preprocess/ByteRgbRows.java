package dev.dda.edge.preprocess;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * 8-bit sRGB straight from the raster's bytes (bands R, G, B[, A]): what PNG and JPEG decode to. Reading and
 * horizontal resizing are fused, so each source byte is touched once per output pixel that covers it and
 * never goes through getRGB's per-pixel colour model. The static resizers serve {@link PngPixelRows} too, so a
 * PNG decoded here and one decoded by ImageIO go through the same arithmetic.
 */
final class ByteRgbRows implements PixelRows {
    private static final float INV255 = 1f / 255f;
    private final int width;
    private final int channels;
    private final byte[] data;
    private final int base;
    private final int pixelStride;
    private final int lineStride;
    private final int ro;
    private final int go;
    private final int bo;

    ByteRgbRows(int width, Raster raster, int channels) {
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        int[] offsets = sm.getBandOffsets();
        this.width = width;
        this.channels = channels;
        this.data = ((DataBufferByte) raster.getDataBuffer()).getData();
        this.pixelStride = sm.getPixelStride();
        this.lineStride = sm.getScanlineStride();
        this.base = -raster.getSampleModelTranslateY() * lineStride - raster.getSampleModelTranslateX() * pixelStride;
        this.ro = offsets[0];
        this.go = offsets[1];
        this.bo = offsets[2];
    }

    @Override
    public float[] row(int y) {
        float[] out = new float[width * channels];
        int row = base + y * lineStride;
        for (int x = 0; x < width; x++) {
            int i = row + x * pixelStride;
            PixelRows.put(out, x, channels, data[i + ro] & 0xff, data[i + go] & 0xff, data[i + bo] & 0xff);
        }
        return out;
    }

    @Override
    public float[] resampled(int y, Resampler across, int c, int dstW) {
        return rgb(data, base + y * lineStride, pixelStride, ro, go, bo, across, c, dstW);
    }

    /**
     * One row of interleaved 8-bit pixels resized horizontally, {@code bytesPerPixel} bytes each: grey (1), grey +
     * alpha (2), RGB (3) or RGBA (4), alpha ignored; every {@code step}-th pixel from {@code first} is read. What a
     * PNG's rows and a raw frame both are.
     */
    static float[] interleaved(byte[] data, int first, int bytesPerPixel, int step, Resampler across, int c,
                               int dstW) {
        return bytesPerPixel < 3
                ? grey(data, first, step * bytesPerPixel, across, c, dstW)
                : rgb(data, first, step * bytesPerPixel, 0, 1, 2, across, c, dstW);
    }

    /**
     * One row of 8-bit RGB pixels resized horizontally: pixel {@code k} of the row has its red byte at
     * {@code first + k * pixelStride + ro}.
     */
    static float[] rgb(byte[] data, int first, int pixelStride, int ro, int go, int bo, Resampler across, int c,
                       int dstW) {
        float[] out = new float[dstW * c];
        for (int x = 0; x < dstW; x++) {
            float[] w = across.weights[x];
            int i = first + across.start[x] * pixelStride;
            float r = 0f;
            float g = 0f;
            float b = 0f;
            for (int k = 0; k < w.length; k++, i += pixelStride) {
                r += w[k] * (data[i + ro] & 0xff);
                g += w[k] * (data[i + go] & 0xff);
                b += w[k] * (data[i + bo] & 0xff);
            }
            if (c == 1) {
                out[x] = (0.299f * r + 0.587f * g + 0.114f * b) * INV255;
            } else {
                out[x * 3] = r * INV255;
                out[x * 3 + 1] = g * INV255;
                out[x * 3 + 2] = b * INV255;
            }
        }
        return out;
    }

    /**
     * One row of 8-bit grey pixels resized horizontally, the grey copied to each of {@code c} channels; the same
     * arithmetic as scaling each sample to [0, 1] first and then resizing, as grey rasters are.
     */
    static float[] grey(byte[] data, int first, int pixelStride, Resampler across, int c, int dstW) {
        float[] out = new float[dstW * c];
        for (int x = 0; x < dstW; x++) {
            float[] w = across.weights[x];
            int i = first + across.start[x] * pixelStride;
            float sum = 0f;
            for (int k = 0; k < w.length; k++, i += pixelStride) {
                sum += w[k] * ((data[i] & 0xff) * INV255);
            }
            for (int ch = 0; ch < c; ch++) {
                out[x * c + ch] = sum;
            }
        }
        return out;
    }
}
