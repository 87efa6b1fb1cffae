package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The CNN, in raw TensorFlow ops (the framework has no layer classes): blocks of conv 3x3 → bias → ReLU →
 * max-pool 2x2, a last conv block without pooling, global average pooling, and one dense layer to two logits.
 *
 * <p>Because the head is linear after the average, the anomaly logit is the mean of per-location logits: those
 * local logits, squashed by a sigmoid, are the class-activation heatmap [N, h, w] in [0, 1], and the image score
 * (softmax probability of "anomaly") equals the sigmoid of their mean. So the heatmap explains the score.
 */
final class Network {
    /** Output channels of each conv block; every block but the last halves the resolution. */
    static final int[] FILTERS = java.util.Arrays.stream(System.getenv().getOrDefault("DDA_FILTERS", "16,32,64,64").split(",")).mapToInt(Integer::parseInt).toArray();
    static final boolean FLAT = "flat".equals(System.getenv("DDA_HEAD"));

    /** Where a variable's first value comes from: fresh random weights, or trained values. */
    interface Parameters {
        Operand<TFloat32> initial(Ops init, String name, long[] shape);
    }

    final Placeholder<TFloat32> image;
    final Operand<TFloat32> logits;
    final Operand<TFloat32> score;
    final Operand<TFloat32> heatmap;
    final List<Variable<TFloat32>> variables;
    final List<Variable<TFloat32>> weights;
    final List<String> names;

    private Network(Placeholder<TFloat32> image, Operand<TFloat32> logits, Operand<TFloat32> score,
                    Operand<TFloat32> heatmap, List<Variable<TFloat32>> variables, List<Variable<TFloat32>> weights,
                    List<String> names) {
        this.image = image;
        this.logits = logits;
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

    static Network build(Ops tf, InputSpec spec, Parameters parameters) {
        Builder b = new Builder(tf, parameters);
        Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
        Operand<TFloat32> x = image;
        long in = spec.channels();
        for (int i = 0; i < FILTERS.length; i++) {
            x = b.conv(x, "conv" + (i + 1), in, FILTERS[i], i < FILTERS.length - 1);
            in = FILTERS[i];
        }
        Operand<TFloat32> local;
        Operand<TFloat32> logits;
        if (FLAT) {
            int side = heatmapSide(spec.height());
            int sideW = heatmapSide(spec.width());
            Variable<TFloat32> w = b.variable("dense_w", true, side * sideW * in, 2);
            Variable<TFloat32> bias = b.variable("dense_b", false, 2);
            Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, side * sideW * in}));
            logits = tf.withName("logits").math.add(tf.linalg.matMul(flat, w), bias);
            Operand<TFloat32> w3 = tf.reshape(tf.math.sub(column(tf, w, 1), column(tf, w, 0)),
                    tf.constant(new long[] {side, sideW, in}));
            Operand<TFloat32> bDiff = tf.math.sub(tf.gather(bias, tf.constant(1), tf.constant(0)),
                    tf.gather(bias, tf.constant(0), tf.constant(0)));
            local = tf.math.add(tf.math.mul(tf.constant((float) (side * sideW)),
                    tf.sum(tf.math.mul(x, w3), tf.constant(3))), bDiff);
        } else {
            Variable<TFloat32> w = b.variable("dense_w", true, in, 2);
            Variable<TFloat32> bias = b.variable("dense_b", false, 2);
            Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
            logits = tf.withName("logits").math.add(tf.linalg.matMul(pooled, w), bias);
            // per-location anomaly logit: features · (w_anomaly − w_normal) + (b_anomaly − b_normal)
            Operand<TFloat32> wDiff = tf.math.sub(column(tf, w, 1), column(tf, w, 0));
            Operand<TFloat32> bDiff = tf.math.sub(tf.gather(bias, tf.constant(1), tf.constant(0)),
                    tf.gather(bias, tf.constant(0), tf.constant(0)));
            local = tf.math.add(tf.sum(tf.math.mul(x, wDiff), tf.constant(3)), bDiff);
        }
        Operand<TFloat32> score = tf.withName("score").gather(tf.nn.softmax(logits), tf.constant(1), tf.constant(1));
        Operand<TFloat32> heatmap = tf.withName("heatmap").math.sigmoid(local);
        return new Network(image, logits, score, heatmap, b.variables, b.weights, b.names);
    }

    private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> matrix, int index) {
        return tf.gather(matrix, tf.constant(index), tf.constant(1));
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
            Operand<org.tensorflow.types.TInt32> k = tf.constant(new int[] {1, 2, 2, 1});
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
