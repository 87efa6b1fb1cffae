package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.util.Random;

/**
 * Random variations of an already preprocessed training image (HWC floats), so that 50 photos look like
 * thousands: a vertical flip (mirror top and bottom), a shift of up to {@link #MAX_SHIFT} of the side, a rotation of up to
 * {@link #MAX_DEGREES}, and brightness/contrast changes. A missing limb stays missing under all of them. There is no
 * horizontal flip: parts on a line lie one way round (the aliens face left), and teaching the model the mirrored
 * view cost held-out AUROC in our runs. Pixels
 * that come from outside the image repeat the border (the background), and all draws come from the caller's
 * {@link Random}, so a seed repeats them.
 */
final class Augmenter {
    static final double MAX_SHIFT = 0.08;
    static final double MAX_DEGREES = 12;
    static final double MAX_BRIGHTNESS = 0.08;
    static final double MAX_CONTRAST = 0.12;

    private final int width;
    private final int height;
    private final int channels;

    Augmenter(InputSpec spec) {
        this.width = spec.width();
        this.height = spec.height();
        this.channels = spec.channels();
    }

    float[] apply(float[] image, Random random) {
        boolean flipY = random.nextBoolean();
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * MAX_DEGREES);
        double dx = (random.nextDouble() * 2 - 1) * MAX_SHIFT * width;
        double dy = (random.nextDouble() * 2 - 1) * MAX_SHIFT * height;
        float brightness = (float) ((random.nextDouble() * 2 - 1) * MAX_BRIGHTNESS);
        float contrast = (float) (1 + (random.nextDouble() * 2 - 1) * MAX_CONTRAST);
        float[] out = new float[image.length];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // inverse mapping: where in the source does this output pixel come from
                double ox = x - cx - dx;
                double oy = y - cy - dy;
                double sx = cos * ox + sin * oy;
                double sy = -sin * ox + cos * oy;
                sx += cx;
                sy = (flipY ? -sy : sy) + cy;
                sample(image, sx, sy, out, (y * width + x) * channels, brightness, contrast);
            }
        }
        return out;
    }

    private void sample(float[] src, double sx, double sy, float[] out, int at, float brightness, float contrast) {
        double fx = Math.min(Math.max(sx, 0), width - 1);
        double fy = Math.min(Math.max(sy, 0), height - 1);
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        float ax = (float) (fx - x0);
        float ay = (float) (fy - y0);
        for (int c = 0; c < channels; c++) {
            float top = src[(y0 * width + x0) * channels + c] * (1 - ax) + src[(y0 * width + x1) * channels + c] * ax;
            float bottom = src[(y1 * width + x0) * channels + c] * (1 - ax)
                    + src[(y1 * width + x1) * channels + c] * ax;
            out[at + c] = (top * (1 - ay) + bottom * ay) * contrast + brightness;
        }
    }
}
