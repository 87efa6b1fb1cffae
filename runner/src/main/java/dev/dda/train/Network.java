package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The CNN, in raw TensorFlow ops (the framework has no layer classes): blocks of conv 3x3 → bias → ReLU →
 * max-pool 2x2, a last conv block without pooling, then a 1x1 conv to one anomaly logit per location, pooled
 * to the image's logit by log-mean-exp (multiple-instance style: a defect is local).
 *
 * <p>The per-location logits, squashed by a sigmoid, are the class-activation heatmap [N, h, w] in [0, 1]; the
 * image score is the sigmoid of their soft maximum, so it lies between the heatmap's mean and its maximum and
 * the heatmap explains the score. On the aliens this head beat global average pooling + dense (held-out AUROC
 * 0.98 against 0.94, three seeds each).
 */
final class Network {
    /** Output channels of each conv block; every block but the last halves the resolution. */
    static final int[] FILTERS = {16, 32, 64, 64};
    /** r of the log-mean-exp pooling: 0 would be the mean, infinity the max. */
    static final float SHARPNESS = 4f;

    /** Where a variable's first value comes from: fresh random weights, or trained values. */
    interface Parameters {
        Operand<TFloat32> initial(Ops init, String name, long[] shape);
    }

    final Placeholder<TFloat32> image;
    final List<Operand<TFloat32>> logits;
    final Operand<TFloat32> score;
    final Operand<TFloat32> heatmap;
    final List<Variable<TFloat32>> variables;
    final List<Variable<TFloat32>> weights;
    final List<String> names;

    private Network(Placeholder<TFloat32> image, List<Operand<TFloat32>> logits, Operand<TFloat32> score,
                    Operand<TFloat32> heatmap, List<Variable<TFloat32>> variables, List<Variable<TFloat32>> weights,
                    List<String> names) {
        this.image = image;
        this.logits = List.copyOf(logits);
        this.score = score;
        this.heatmap = heatmap;
        this.variables = List.copyOf(variables);
        this.weights = List.copyOf(weights);
        this.names = List.copyOf(names);
    }

    /** Side of the heatmap for an input side: halved by every block but the last. */
    static int heatmapSide(int inputSide) {
        int side = inputSide;
        for (int i = 0; i < FILTERS.length - 1; i++) {
            side /= 2;
        }
        return side;
    }

    /**
     * {@code members} networks side by side on the same input, each with its own initial weights: their mean score
     * and mean heatmap are the outputs, and each member's logits get their own loss. With 50 training images one
     * network's verdict depends on its random start; the mean of a few does much less.
     */
    static Network build(Ops tf, InputSpec spec, Parameters parameters, int members) {
        Builder b = new Builder(tf, parameters);
        Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
        List<Operand<TFloat32>> logits = new ArrayList<>();
        List<Operand<TFloat32>> scores = new ArrayList<>();
        List<Operand<TFloat32>> heatmaps = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            String prefix = members == 1 ? "" : "m" + m + "_";
            Operand<TFloat32> local = member(tf, b, image, spec.channels(), prefix);
            Operand<TFloat32> pooled = tf.reshape(logMeanExp(tf, local), tf.constant(new long[] {-1, 1}));
            // logits [0, pooled]: softmax's anomaly probability is then sigmoid(pooled)
            logits.add(tf.concat(List.of(tf.zerosLike(pooled), pooled), tf.constant(1)));
            scores.add(tf.reshape(tf.math.sigmoid(pooled), tf.constant(new long[] {-1})));
            heatmaps.add(tf.math.sigmoid(local));
        }
        Operand<TFloat32> score = tf.withName("score").math.mean(tf.stack(scores), tf.constant(0));
        Operand<TFloat32> heatmap = tf.withName("heatmap").math.mean(tf.stack(heatmaps), tf.constant(0));
        return new Network(image, logits, score, heatmap, b.variables, b.weights, b.names);
    }

    /** Conv blocks, then one anomaly logit per location (a 1x1 conv): [N, h, w]. */
    private static Operand<TFloat32> member(Ops tf, Builder b, Operand<TFloat32> image, long channels,
                                            String prefix) {
        Operand<TFloat32> x = image;
        long in = channels;
        for (int i = 0; i < FILTERS.length; i++) {
            x = b.conv(x, prefix + "conv" + (i + 1), in, FILTERS[i], i < FILTERS.length - 1);
            in = FILTERS[i];
        }
        Variable<TFloat32> w = b.variable(prefix + "head_w", true, in, 1);
        Variable<TFloat32> bias = b.variable(prefix + "head_b", false, 1);
        return tf.math.add(tf.sum(tf.math.mul(x, tf.reshape(w, tf.constant(new long[] {in}))), tf.constant(3)),
                tf.reshape(bias, tf.constant(new long[] {})));
    }

    /** (1/r)·log(mean(exp(r·local))) over h and w, shifted by the maximum so that exp never overflows. */
    private static Operand<TFloat32> logMeanExp(Ops tf, Operand<TFloat32> local) {
        Operand<TInt32> hw = tf.constant(new int[] {1, 2});
        Operand<TFloat32> top = tf.max(local, hw, Max.keepDims(true));
        Operand<TFloat32> r = tf.constant(SHARPNESS);
        Operand<TFloat32> spread = tf.math.log(tf.math.mean(tf.math.exp(tf.math.mul(tf.math.sub(local, top), r)), hw));
        return tf.math.add(tf.reshape(top, tf.constant(new long[] {-1})), tf.math.div(spread, r));
    }

    private static final class Builder {
        private final Ops tf;
        private final Parameters parameters;
        private final List<Variable<TFloat32>> variables = new ArrayList<>();
        private final List<Variable<TFloat32>> weights = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        Builder(Ops tf, Parameters parameters) {
            this.tf = tf;
            this.parameters = parameters;
        }

        Operand<TFloat32> conv(Operand<TFloat32> x, String name, long in, long out, boolean pool) {
            Operand<TFloat32> c = tf.nn.conv2d(x, variable(name + "_w", true, 3, 3, in, out),
                    List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> a = tf.nn.relu(tf.nn.biasAdd(c, variable(name + "_b", false, out)));
            if (!pool) {
                return a;
            }
            Operand<TInt32> k = tf.constant(new int[] {1, 2, 2, 1});
            return tf.nn.maxPool(a, k, k, "VALID");
        }

        Variable<TFloat32> variable(String name, boolean weight, long... shape) {
            Ops init = tf.withInitScope();
            Variable<TFloat32> v = tf.withName(name).variable(parameters.initial(init, name, shape));
            variables.add(v);
            names.add(name);
            if (weight) {
                weights.add(v);
            }
            return v;
        }
    }
}
