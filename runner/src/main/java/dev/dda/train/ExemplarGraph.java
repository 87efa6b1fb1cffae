package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The exemplar model as a TensorFlow graph: how far an image is from the nearest normal it was trained on.
 *
 * <p>For every exemplar, seen at every shift of up to {@code shift} pixels (a part never lies exactly where the
 * last one did), the squared difference to the image is averaged over {@code window}×{@code window} neighbourhoods;
 * the worst neighbourhood is that exemplar's distance, and the nearest exemplar's distance is the image's. So a
 * defect must be unlike every normal at the same place to count, and a small one is not diluted by the rest of
 * the image. The nearest exemplar's neighbourhood differences are the heat map: where the image departs from the
 * normal it is closest to.
 *
 * <p>Distances are squashed to [0, 1) as {@code d / (d + scale)}, with {@code scale} a typical normal's distance,
 * so a normal scores about one half and the heat map shares the score's scale (the edge service boxes defects
 * by comparing the two with the threshold).
 */
final class ExemplarGraph {
    final Placeholder<TFloat32> image;
    final Operand<TFloat32> distance;
    /** [N, exemplars]: the distance to each exemplar at its best shift. */
    final Operand<TFloat32> perExemplar;
    final Operand<TFloat32> score;
    final Operand<TFloat32> heatmap;

    private ExemplarGraph(Placeholder<TFloat32> image, Operand<TFloat32> distance, Operand<TFloat32> perExemplar,
                          Operand<TFloat32> score, Operand<TFloat32> heatmap) {
        this.image = image;
        this.distance = distance;
        this.perExemplar = perExemplar;
        this.score = score;
        this.heatmap = heatmap;
    }

    /**
     * @param exemplars {@code count} preprocessed images, HWC, one after the other
     * @param scale the distance that scores one half
     */
    static ExemplarGraph build(Ops tf, InputSpec spec, float[] exemplars, int count, ExemplarOptions options,
                               float scale) {
        int h = spec.height();
        int w = spec.width();
        int s = options.shift();
        int k = options.window();
        Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, h, w, spec.channels())));
        Region region = Region.of(h, w, s, k);
        Operand<TFloat32> pooled = tf.nn.avgPool(squaredDifference(tf, image, spec, exemplars, count, s, region),
                List.of(1L, (long) k, (long) k, 1L), List.of(1L, 1L, 1L, 1L), region.padding());
        // the border band where a shifted exemplar shows repeated edge pixels is left out of the verdict
        Operand<TFloat32> inner = region.valid() ? pooled : tf.slice(pooled, tf.constant(new int[] {0, s, s, 0}),
                tf.constant(new int[] {-1, h - 2 * s, w - 2 * s, -1}));
        Operand<TFloat32> worst = tf.max(inner, tf.constant(new int[] {1, 2}));
        int shifts = (2 * s + 1) * (2 * s + 1);
        // candidates are shift-major: [N, shifts * count] -> [N, shifts, count] -> best shift per exemplar
        Operand<TFloat32> perExemplar = tf.min(tf.reshape(worst, tf.constant(new long[] {-1, shifts, count})),
                tf.constant(1));
        Operand<TFloat32> distance = tf.withName("distance").min(perExemplar, tf.constant(1));
        Operand<TFloat32> scaleConstant = tf.constant(scale);
        Operand<TFloat32> score = tf.withName("score").math.div(distance, tf.math.add(distance, scaleConstant));
        Operand<TFloat32> nearest = nearestMap(tf, inner, worst, h, w, s);
        Operand<TFloat32> heatmap = tf.withName("heatmap").math.div(nearest, tf.math.add(nearest, scaleConstant));
        return new ExemplarGraph(image, distance, perExemplar, score, heatmap);
    }

    /**
     * The part of the image whose squared differences are pooled. When every neighbourhood of the inner band lies
     * inside the image (the shift is at least half the window), only the rows and columns those neighbourhoods
     * cover are compared and pooled VALID, which yields the inner band directly: no copy of the pooled candidates
     * into it, which was a quarter of a call. Otherwise the whole image is pooled SAME (TensorFlow then averages
     * over the part of a border neighbourhood inside the image) and the inner band is sliced out.
     */
    private record Region(int offset, int height, int width, boolean valid) {
        static Region of(int h, int w, int s, int k) {
            if (s < k / 2) {
                return new Region(0, h, w, false);
            }
            // TensorFlow centres an even window one pixel up and to the left: (k - 1) / 2 before, k / 2 after
            int before = (k - 1) / 2;
            return new Region(s - before, h - 2 * s + k - 1, w - 2 * s + k - 1, true);
        }

        String padding() {
            return valid ? "VALID" : "SAME";
        }
    }

    /**
     * [N, rh, rw, M] over the region: the image's squared difference to every shift of every exemplar (M = shifts ×
     * count, shift-major), summed over channels. Exemplars are laid out [h+2s, w+2s, c, count] so that the
     * candidates stay last and pooling needs no transpose: about half the memory traffic of [count, h, w, c].
     */
    private static Operand<TFloat32> squaredDifference(Ops tf, Operand<TFloat32> image, InputSpec spec,
                                                       float[] exemplars, int count, int s, Region region) {
        int h = spec.height();
        int w = spec.width();
        int c = spec.channels();
        int o = region.offset();
        Operand<TFloat32> padded = tf.constant(Shape.of(h + 2L * s, w + 2L * s, c, count),
                DataBuffers.of(candidatesLast(edgePadded(exemplars, count, h, w, c, s), count, h + 2 * s, w + 2 * s, c),
                        true, false));
        // slices of a constant: folded when the graph is optimised
        List<Operand<TFloat32>> shifted = new ArrayList<>();
        for (int dy = 0; dy <= 2 * s; dy++) {
            for (int dx = 0; dx <= 2 * s; dx++) {
                shifted.add(tf.slice(padded, tf.constant(new int[] {o + dy, o + dx, 0, 0}),
                        tf.constant(new int[] {region.height(), region.width(), c, count})));
            }
        }
        Operand<TFloat32> candidates = shifted.size() == 1 ? shifted.get(0) : tf.concat(shifted, tf.constant(3));
        Operand<TFloat32> part = region.height() == h && region.width() == w ? image
                : tf.slice(image, tf.constant(new int[] {0, o, o, 0}),
                        tf.constant(new int[] {-1, region.height(), region.width(), -1}));
        if (c == 1) {
            long m = (long) shifted.size() * count;
            return tf.math.squaredDifference(part, tf.reshape(candidates,
                    tf.constant(new long[] {1, region.height(), region.width(), m})));
        }
        return tf.sum(tf.math.squaredDifference(tf.expandDims(part, tf.constant(4)),
                tf.expandDims(candidates, tf.constant(0))), tf.constant(3));
    }

    /**
     * [N, h, w]: the nearest candidate's neighbourhood differences, so that the heat map's hottest cell is the
     * distance; zero in the border band.
     */
    private static Operand<TFloat32> nearestMap(Ops tf, Operand<TFloat32> inner, Operand<TFloat32> worst,
                                                int h, int w, int s) {
        Operand<TFloat32> picked = tf.gather(inner, tf.reshape(tf.math.argMin(worst, tf.constant(1)),
                tf.constant(new long[] {-1, 1})), tf.constant(3), Gather.batchDims(1L));
        Operand<TFloat32> map = tf.reshape(picked, tf.constant(new long[] {-1, h - 2L * s, w - 2L * s}));
        return tf.pad(map, tf.constant(new int[][] {{0, 0}, {s, s}, {s, s}}), tf.constant(0f));
    }

    /** [count, h, w, c] to [h, w, c, count]. */
    static float[] candidatesLast(float[] images, int count, int h, int w, int c) {
        int perImage = h * w * c;
        float[] out = new float[images.length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < perImage; i++) {
                out[i * count + k] = images[k * perImage + i];
            }
        }
        return out;
    }

    /** Each exemplar with {@code s} pixels added on every side, repeating its edge (the background). */
    static float[] edgePadded(float[] images, int count, int h, int w, int c, int s) {
        int ph = h + 2 * s;
        int pw = w + 2 * s;
        float[] out = new float[count * ph * pw * c];
        for (int k = 0; k < count; k++) {
            for (int y = 0; y < ph; y++) {
                int sy = Math.min(h - 1, Math.max(0, y - s));
                for (int x = 0; x < pw; x++) {
                    int sx = Math.min(w - 1, Math.max(0, x - s));
                    System.arraycopy(images, ((k * h + sy) * w + sx) * c, out, ((k * ph + y) * pw + x) * c, c);
                }
            }
        }
        return out;
    }
}
