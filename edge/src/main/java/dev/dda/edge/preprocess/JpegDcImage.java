package dev.dda.edge.preprocess;

import java.util.List;

/**
 * A JPEG at 1/8 scale: each 8x8 block's mean, which is its dequantised DC coefficient / 8 + 128, per component.
 * Values are kept in eighths of a level (0..2040), as the DC coefficient gives them, so no rounding happens before
 * the colour conversion.
 *
 * @param width one pixel per 8x8 block of the image at full resolution
 * @param planes one per frame component, in frame order
 */
record JpegDcImage(int width, int height, List<Plane> planes) {
    /** Largest value: level 255 in eighths. */
    static final int MAX = 2040;

    /**
     * One component's block means, {@code stride} per row; pixel {@code (x, y)} of the DC image uses block
     * {@code (x >> hShift, y >> vShift)} (1 where the component is subsampled along that axis).
     */
    record Plane(short[] values, int stride, int hShift, int vShift) {
        int at(int x, int y) {
            return values[(y >> vShift) * stride + (x >> hShift)];
        }
    }
}
