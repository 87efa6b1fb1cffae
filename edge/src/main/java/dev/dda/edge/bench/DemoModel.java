package dev.dda.edge.bench;

import dev.dda.edge.model.Folders;
import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.model.ModelPackage;
import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelPackageWriter;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.runtime.TensorFlowStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A small, honest SavedModel for tests and the benchmark: the anomaly score is the sigmoid of the image's mean
 * brightness (normalised input), the heat map is the same per cell of an 8x8 grid. Bright regions are "defects".
 * {@code convLayers} adds random-weight conv/relu/pool layers whose (negligible) output joins the score, so the
 * benchmark can give the model a realistic cost without changing its answers.
 */
public final class DemoModel {
    public static final int GRID = 8;

    private DemoModel() {}

    /** Writes package {@code REPO/NAME/VERSION} and returns it. */
    public static ModelPackage write(Path repository, String name, String version, InputSpec input, int convLayers,
                                     double threshold) throws IOException, ModelPackageException {
        Path work = Files.createTempDirectory("dda-demo-model");
        try {
            Path savedModel = work.resolve("saved_model");
            export(savedModel, input, convLayers);
            ModelManifest fields = new ModelManifest("1", name, version, "serving_default", "image", "score",
                    "heatmap", input, threshold, List.of("normal", "anomaly"), Map.of("auroc", 1.0), null, null, null);
            return ModelPackageWriter.write(repository, fields, savedModel);
        } finally {
            Folders.deleteQuietly(work);
        }
    }

    static void export(Path dir, InputSpec in, int convLayers) throws IOException {
        TensorFlowStart.ensure(ConfigProto.getDefaultInstance());
        if (in.width() % GRID != 0 || in.height() % GRID != 0) {
            throw new IllegalArgumentException("demo model input must be a multiple of " + GRID + " pixels");
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, in.height(), in.width(), in.channels())));
            Ops init = tf.withInitScope();
            Variable<TFloat32> gain = tf.withName("gain").variable(init.constant(10f));
            Operand<TFloat32> brightness = tf.math.mean(image, tf.constant(new int[] {1, 2, 3}));
            Operand<TFloat32> logit = tf.math.add(tf.math.mul(gain, brightness), features(tf, image, in, convLayers));
            Operand<TFloat32> score = tf.withName("score").math.sigmoid(logit);
            Operand<TFloat32> grey = tf.math.mean(image, tf.constant(new int[] {3}), Mean.keepDims(true));
            long ch = in.height() / GRID;
            long cw = in.width() / GRID;
            Operand<TFloat32> cells = tf.nn.avgPool(grey, List.of(1L, ch, cw, 1L), List.of(1L, ch, cw, 1L), "VALID");
            Operand<TFloat32> flat = tf.reshape(cells, tf.constant(new int[] {-1, GRID, GRID}));
            Operand<TFloat32> heatmap = tf.withName("heatmap").math.sigmoid(tf.math.mul(gain, flat));
            try (Session s = new Session(g)) {
                s.initialize();
                Signature sig = Signature.builder().key("serving_default").input("image", image)
                        .output("score", score).output("heatmap", heatmap).build();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
            }
        }
    }

    /** Random-weight conv stack reduced to one number per image, scaled so it cannot move the score. */
    private static Operand<TFloat32> features(Ops tf, Operand<TFloat32> image, InputSpec in, int layers) {
        if (layers == 0) {
            return tf.constant(0f);
        }
        Random random = new Random(42);
        Operand<TFloat32> x = image;
        long cin = in.channels();
        List<Long> ones = List.of(1L, 1L, 1L, 1L);
        for (int i = 0; i < layers; i++) {
            long cout = Math.min(64, 16L << i);
            float[] w = new float[(int) (9 * cin * cout)];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (random.nextGaussian() * Math.sqrt(2.0 / (9 * cin)));
            }
            Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, cin, cout), DataBuffers.of(w, true, false));
            x = tf.nn.relu(tf.nn.conv2d(x, kernel, ones, "SAME"));
            x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
            cin = cout;
        }
        Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2, 3}));
        return tf.math.mul(pooled, tf.constant(1e-6f));
    }
}
