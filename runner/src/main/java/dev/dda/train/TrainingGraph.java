package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.initializers.TruncatedNormal;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The network with its loss and Adam optimiser in one session: one call per training step, scoring for
 * validation, and the trained values to export.
 */
final class TrainingGraph implements AutoCloseable {
    /** Standard deviation of a normal truncated at ±2σ is 0.8796σ; divide to get He's variance back. */
    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;
    private static final int SCORE_BATCH = 64;

    private final Graph graph;
    private final Session session;
    private final Network network;
    private final Placeholder<TInt32> label;
    private final Operand<TFloat32> loss;
    private final Op train;
    private final InputSpec spec;

    TrainingGraph(InputSpec spec, Hyperparameters hp) {
        this.spec = spec;
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        this.network = Network.build(tf, spec, heNormal(hp.seed()), hp.ensemble());
        this.label = tf.withName("label").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> oneHot = tf.oneHot(label, tf.constant(2), tf.constant(1f), tf.constant(0f));
        // dense softmax cross-entropy: the sparse op has no gradient in TF Java 1.1.0
        List<Operand<TFloat32>> memberLosses = new ArrayList<>();
        for (Operand<TFloat32> logits : network.logits) {
            memberLosses.add(tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(),
                    tf.constant(0)));
        }
        Operand<TFloat32> crossEntropy = tf.math.div(tf.math.addN(memberLosses),
                tf.constant((float) memberLosses.size()));
        List<Operand<TFloat32>> penalties = new ArrayList<>();
        for (Variable<TFloat32> w : network.weights) {
            penalties.add(tf.nn.l2Loss(w));
        }
        this.loss = tf.withName("loss").math.add(crossEntropy,
                tf.math.mul(tf.constant((float) hp.weightDecay()), tf.math.addN(penalties)));
        this.train = new Adam(graph, (float) hp.learningRate()).minimize(loss, "train");
        this.session = new Session(graph, ImageSet.sessionConfig(hp.intraOpThreads()));
        session.initialize();
    }

    /**
     * He-normal initial weights, drawn by a stateless op whose seed derives from the run's seed and the variable's
     * position (the framework's He/Glorot initialisers are wrong in 1.1.0); biases start at zero.
     */
    static Network.Parameters heNormal(long seed) {
        long[] counter = {0};
        return (init, name, shape) -> {
            if (shape.length == 1) {
                return init.zeros(init.constant(shape), TFloat32.class);
            }
            long fanIn = 1;
            for (int i = 0; i < shape.length - 1; i++) {
                fanIn *= shape[i];
            }
            double std = Math.sqrt(2.0 / fanIn) / TRUNCATION_CORRECTION;
            return new TruncatedNormal<TFloat32>(0, std, seed * 1000 + counter[0]++)
                    .call(init, init.constant(shape), TFloat32.class);
        };
    }

    /** One Adam step on a batch; returns the batch loss. */
    float step(float[] images, int[] labels) {
        try (TFloat32 x = ImageSet.tensor(spec, images, labels.length);
             TInt32 y = TInt32.tensorOf(Shape.of(labels.length), DataBuffers.of(labels, true, false));
             Result r = session.runner().feed(network.image, x).feed(label, y).addTarget(train).fetch(loss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** Anomaly scores of a set, without augmentation. */
    double[] score(ImageSet set) {
        double[] scores = new double[set.size()];
        set.inBatches(spec, SCORE_BATCH, (from, x) -> {
            try (Result r = session.runner().feed(network.image, x).fetch(network.score).run()) {
                TFloat32 s = (TFloat32) r.get(0);
                for (int i = 0; i < s.size(); i++) {
                    scores[from + i] = s.getFloat(i);
                }
            }
        });
        return scores;
    }

    /** Every variable of the network (not the optimiser's slots) by name. */
    Map<String, float[]> trainedValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < network.variables.size(); i++) {
            try (Result r = session.runner().fetch(network.variables.get(i)).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.size()];
                t.copyTo(org.tensorflow.ndarray.NdArrays.wrap(t.shape(), DataBuffers.of(v, false, false)));
                values.put(network.names.get(i), v);
            }
        }
        return values;
    }


    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
