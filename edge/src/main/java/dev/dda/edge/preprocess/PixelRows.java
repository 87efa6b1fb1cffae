package dev.dda.edge.preprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Source rows as floats in [0, 1], 1 or 3 values per pixel, asked for in increasing order (a streaming decoder can
 * serve them as it goes). Grey is read as is, colour as 8-bit RGB, turned to ITU-R 601 grey for one channel.
 */
interface PixelRows {
    float[] row(int y);

    /** Row {@code y} resized horizontally to {@code dstW} pixels. */
    default float[] resampled(int y, Resampler across, int c, int dstW) {
        return horizontal(row(y), across, c, dstW);
    }

    static PixelRows of(BufferedImage image, int channels) {
        int type = image.getColorModel().getColorSpace().getType();
        Raster raster = image.getRaster();
        if (type == ColorSpace.TYPE_GRAY && raster.getNumBands() <= 2) {
            return greyRaster(image, raster, channels);
        }
        if ((image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_4BYTE_ABGR)
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel
                && raster.getDataBuffer() instanceof DataBufferByte) {
            return new ByteRgbRows(image.getWidth(), raster, channels);
        }
        return rgb(image, channels);
    }

    /** One 8-bit RGB pixel into a row: as is, or as ITU-R 601 grey. */
    static void put(float[] out, int x, int channels, int r8, int g8, int b8) {
        float r = r8 / 255f;
        float g = g8 / 255f;
        float b = b8 / 255f;
        if (channels == 1) {
            out[x] = 0.299f * r + 0.587f * g + 0.114f * b;
        } else {
            out[x * 3] = r;
            out[x * 3 + 1] = g;
            out[x * 3 + 2] = b;
        }
    }

    static float[] horizontal(float[] src, Resampler across, int c, int dstW) {
        float[] out = new float[dstW * c];
        for (int x = 0; x < dstW; x++) {
            float[] w = across.weights[x];
            int s0 = across.start[x];
            for (int ch = 0; ch < c; ch++) {
                float sum = 0f;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * src[(s0 + k) * c + ch];
                }
                out[x * c + ch] = sum;
            }
        }
        return out;
    }

    private static PixelRows greyRaster(BufferedImage image, Raster raster, int channels) {
        int w = image.getWidth();
        int bits = image.getColorModel().getComponentSize(0);
        float scale = 1f / ((1 << bits) - 1);
        int[] samples = new int[w];
        return y -> {
            raster.getSamples(0, y, w, 1, 0, samples);
            float[] out = new float[w * channels];
            for (int x = 0; x < w; x++) {
                float v = samples[x] * scale;
                for (int ch = 0; ch < channels; ch++) {
                    out[x * channels + ch] = v;
                }
            }
            return out;
        };
    }

    private static PixelRows rgb(BufferedImage image, int channels) {
        int w = image.getWidth();
        int[] argb = new int[w];
        return y -> {
            image.getRGB(0, y, w, 1, argb, 0, w);
            float[] out = new float[w * channels];
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                put(out, x, channels, (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            }
            return out;
        };
    }
}
