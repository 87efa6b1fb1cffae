package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Writes the trained network as a SavedModel for serving, and reads one back to score images.
 *
 * <p>The export rebuilds the network in a fresh graph whose variables start at the trained values, so the
 * SavedModel holds only what inference needs: no labels, loss, gradients or Adam slots.
 */
final class SavedModelExport {
    static final String SIGNATURE = "serving_default";
    static final String INPUT = "image";
    static final String SCORE = "score";
    static final String HEATMAP = "heatmap";
    private static final int SCORE_BATCH = 64;

    private SavedModelExport() {}

    static void export(InputSpec spec, int members, Map<String, float[]> values, Path dir) throws TrainingException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Network network = Network.build(tf, spec, (init, name, shape) ->
                    init.constant(Shape.of(shape), DataBuffers.of(values.get(name), true, false)), members);
            export(graph, network.image, network.score, network.heatmap, dir);
        }
    }

    /** The graph's serving signature, image in, score and heat map out, as a SavedModel in {@code dir}. */
    static void export(Graph graph, Operand<TFloat32> image, Operand<TFloat32> score, Operand<TFloat32> heatmap,
                       Path dir) throws TrainingException {
        try (Session session = new Session(graph)) {
            session.initialize();
            Signature signature = Signature.builder().key(SIGNATURE).input(INPUT, image)
                    .output(SCORE, score).output(HEATMAP, heatmap).build();
            SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(signature).export();
        } catch (IOException e) {
            throw new TrainingException(dir + ": cannot write the SavedModel: " + e.getMessage(), e);
        }
    }

    /** Scores sets with a SavedModel as the server would load it: through its serving signature. */
    static List<double[]> score(Path dir, InputSpec spec, int threads, ImageSet... sets) {
        try (SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
                .withConfigProto(ImageSet.sessionConfig(threads)).load()) {
            SessionFunction fn = bundle.function(SIGNATURE);
            List<double[]> all = new ArrayList<>();
            for (ImageSet set : sets) {
                double[] scores = new double[set.size()];
                set.inBatches(spec, SCORE_BATCH, (from, x) -> {
                    try (Result r = fn.call(Map.of(INPUT, x))) {
                        TFloat32 s = (TFloat32) r.get(SCORE).orElseThrow();
                        for (int i = 0; i < s.size(); i++) {
                            scores[from + i] = s.getFloat(i);
                        }
                    }
                });
                all.add(scores);
            }
            return all;
        }
    }
}
