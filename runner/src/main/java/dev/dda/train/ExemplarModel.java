package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Fits the exemplar model: the training normals become the exemplars (thinned to the most different ones when
 * there are more than the maximum), and the scale is the median distance of the unseen normals, so that a typical
 * normal scores one half.
 *
 * <p>Unseen normals are the validation normals plus each training normal measured against the other exemplars
 * (leave one out). A threshold chosen on a handful of validation normals sat below the noisier test normals; the
 * leave-one-out distances add every training normal to that evidence at no cost, and err on the safe side (one
 * exemplar fewer makes them slightly larger than a new normal's).
 */
final class ExemplarModel {
    private static final int SCORE_BATCH = 16;

    /**
     * What the exported graph is built from, and the training normals' leave-one-out scores (in the training set's
     * order) for choosing the threshold.
     */
    record Fitted(float[] exemplars, int count, float scale, double[] trainingNormalScores) {}

    private ExemplarModel() {}

    static Fitted fit(InputSpec spec, ExemplarOptions options, ImageSet normals, ImageSet validation, int threads) {
        int[] chosen = farthestFirst(normals, options.maximum());
        float[] exemplars = normals.batch(chosen, null, null);
        int[] exemplarOf = new int[normals.size()];
        Arrays.fill(exemplarOf, -1);
        for (int k = 0; k < chosen.length; k++) {
            exemplarOf[chosen[k]] = k;
        }
        float[][] toValidation = perExemplar(spec, options, exemplars, chosen.length, validation, threads);
        float[][] toNormals = perExemplar(spec, options, exemplars, chosen.length, normals, threads);
        List<Double> unseen = new ArrayList<>();
        for (int i = 0; i < validation.size(); i++) {
            if (validation.label(i) == LabeledImage.NORMAL) {
                unseen.add(nearest(toValidation[i], -1));
            }
        }
        double[] leftOut = new double[normals.size()];
        for (int i = 0; i < normals.size(); i++) {
            leftOut[i] = nearest(toNormals[i], exemplarOf[i]);
            unseen.add(leftOut[i]);
        }
        float scale = (float) Math.max(1e-6, median(unseen));
        // the same float arithmetic as the graph's d / (d + scale)
        double[] scores = Arrays.stream(leftOut).map(d -> (float) d / ((float) d + scale)).toArray();
        return new Fitted(exemplars, chosen.length, scale, scores);
    }

    static void export(InputSpec spec, ExemplarOptions options, Fitted fitted, Path dir) throws TrainingException {
        try (Graph graph = new Graph()) {
            ExemplarGraph g = ExemplarGraph.build(Ops.create(graph), spec, fitted.exemplars(), fitted.count(),
                    options, fitted.scale());
            SavedModelExport.export(graph, g.image, g.score, g.heatmap, dir);
        }
    }

    /** The smallest distance, leaving out exemplar {@code skip} (-1: none). */
    private static double nearest(float[] distances, int skip) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < distances.length; k++) {
            if (k != skip) {
                best = Math.min(best, distances[k]);
            }
        }
        return Double.isInfinite(best) ? 0 : best;
    }

    /** Each image's distance to each exemplar, [images][exemplars], through the same graph that is exported. */
    private static float[][] perExemplar(InputSpec spec, ExemplarOptions options, float[] exemplars, int count,
                                         ImageSet set, int threads) {
        float[][] out = new float[set.size()][count];
        try (Graph graph = new Graph()) {
            ExemplarGraph g = ExemplarGraph.build(Ops.create(graph), spec, exemplars, count, options, 1f);
            try (Session session = new Session(graph, ImageSet.sessionConfig(threads))) {
                set.inBatches(spec, SCORE_BATCH, (from, x) -> {
                    try (Result r = session.runner().feed(g.image, x).fetch(g.perExemplar).run()) {
                        TFloat32 d = (TFloat32) r.get(0);
                        for (int i = 0; i < d.shape().size(0); i++) {
                            for (int k = 0; k < count; k++) {
                                out[from + i][k] = d.getFloat(i, k);
                            }
                        }
                    }
                });
            }
        }
        return out;
    }

    /**
     * Indices of at most {@code maximum} images: the first, then repeatedly the one farthest (Euclidean) from all
     * chosen so far. Keeps the variety of a large normal set in a bounded model.
     */
    static int[] farthestFirst(ImageSet images, int maximum) {
        int n = images.size();
        if (n <= maximum) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int[] chosen = new int[maximum];
        int next = 0;
        for (int k = 0; k < maximum; k++) {
            chosen[k] = next;
            float[] picked = images.image(next);
            int farthest = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(picked, images.image(i)));
                if (nearest[i] > nearest[farthest]) {
                    farthest = i;
                }
            }
            next = farthest;
        }
        return chosen;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 1;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
