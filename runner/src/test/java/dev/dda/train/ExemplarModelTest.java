package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.edge.preprocess.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The exemplar model: its graph's arithmetic on hand-made images, and a whole training run on synthetic PNGs. */
class ExemplarModelTest {
    private static final int SIDE = 16;
    private static final InputSpec GREY = InputSpec.of(SIDE, SIDE, 1);
    private static final Hyperparameters HP = Hyperparameters.fromMap(Map.of("imageSize", 32, "testSplit", 0.25,
            "seed", 11, "channels", 3, "threads", 1));

    @TempDir
    static Path dir;
    static List<LabeledImage> images;
    static TrainingResult first;
    static List<TrainingEvent> events = new ArrayList<>();

    @BeforeAll
    static void trainOnce() throws Exception {
        TrainerTest.synthetic(dir.resolve("data"), 32, new Random(1));
        images = LabeledDataset.read(dir.resolve("data"));
        first = new Trainer(events::add).train(images, HP, new Trainer.ModelName("synthetic", "1.0.0", null),
                dir.resolve("model"));
    }

    @Test
    void train_withExemplarMethod_separatesHeldOutDefects() {
        assertThat(HP.method()).isEqualTo(Hyperparameters.Method.EXEMPLAR);
        assertThat(first.test().orElseThrow().auroc()).isGreaterThan(0.9);
        assertThat(first.threshold()).isBetween(0.0, 1.0);
        assertThat(events).noneMatch(e -> e instanceof TrainingEvent.EpochDone);
        TrainingEvent.ExemplarsFitted fitted = (TrainingEvent.ExemplarsFitted) events.get(1);
        assertThat(fitted.exemplars()).isEqualTo(18);
        assertThat(ProgressText.of(fitted)).startsWith("exemplars: 18 of 18 training normals");
    }

    @Test
    void train_withExemplarMethod_checksTheThresholdOnAllTrainingImagesToo() throws Exception {
        TrainingEvent.DataReady data = (TrainingEvent.DataReady) events.get(0);
        assertThat(data.trainAnomaly()).isZero();
        // 32 per class: 8 test, 6 validation, 18 training anomalies that now check the threshold instead
        assertThat(data.validationAnomaly()).isEqualTo(6 + 18);
        assertThat(data.validationNormal()).isEqualTo(6);
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("model/metrics.json").toFile());
        assertThat(metrics.has("epochs")).isFalse();
        // the 18 training normals join the threshold's evidence by their leave-one-out scores
        assertThat(metrics.get("validation").get("images")).hasSize(30 + 18);
        assertThat(first.validation().scores().count(LabeledImage.NORMAL)).isEqualTo(6 + 18);
    }

    @Test
    void train_withExemplarMethod_repeatsBitForBit() throws Exception {
        TrainingResult again = new Trainer(e -> { }).train(images, HP,
                new Trainer.ModelName("synthetic", "1.0.0", null), dir.resolve("again"));
        assertThat(again.test().orElseThrow().scores().scores())
                .containsExactly(first.test().orElseThrow().scores().scores());
        assertThat(again.threshold()).isEqualTo(first.threshold());
    }

    @Test
    void build_whenASquareDiffersFromEveryExemplar_scoresItAndHeatsOnlyThere() {
        float[] flat = new float[SIDE * SIDE];
        float[] image = flat.clone();
        for (int y = 6; y < 10; y++) {
            for (int x = 8; x < 12; x++) {
                image[y * SIDE + x] = 1f;
            }
        }
        Outputs out = run(image, flat, 1, new ExemplarOptions(1, 3, 8), 1f);
        // a 3x3 window inside the square differs by 1 everywhere: distance 1, score 1 / (1 + scale)
        assertThat(out.distance).isCloseTo(1f, within(1e-6f));
        assertThat(out.score).isCloseTo(0.5f, within(1e-6f));
        assertThat(out.heatmap[7 * SIDE + 9]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out.heatmap[2 * SIDE + 2]).isZero();
        assertThat(out.heatmap[14 * SIDE + 2]).isZero();
    }

    @Test
    void build_whenColour_sumsTheSquaredDifferenceOverChannels() {
        InputSpec rgb = InputSpec.of(SIDE, SIDE, 3);
        float[] flat = new float[2 * SIDE * SIDE * 3];
        Arrays.fill(flat, SIDE * SIDE * 3, flat.length, 0.5f);
        float[] image = new float[SIDE * SIDE * 3];
        for (int i = 0; i < image.length; i += 3) {
            image[i] = 0.1f;
            image[i + 1] = 0.2f;
        }
        try (Graph graph = new Graph()) {
            ExemplarGraph g = ExemplarGraph.build(Ops.create(graph), rgb, flat, 2, new ExemplarOptions(1, 3, 8), 1f);
            try (Session session = new Session(graph);
                 TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIDE, SIDE, 3), DataBuffers.of(image, true, false));
                 Result r = session.runner().feed(g.image, x).fetch(g.distance).fetch(g.perExemplar).run()) {
                // to the zero exemplar 0.01 + 0.04 + 0; to the 0.5 one 0.16 + 0.09 + 0.25
                assertThat(((TFloat32) r.get(1)).getFloat(0, 0)).isCloseTo(0.05f, within(1e-6f));
                assertThat(((TFloat32) r.get(1)).getFloat(0, 1)).isCloseTo(0.5f, within(1e-6f));
                assertThat(((TFloat32) r.get(0)).getFloat(0)).isCloseTo(0.05f, within(1e-6f));
            }
        }
    }

    @Test
    void build_whenThePartMovedByAPixel_matchesWithinTheShiftOnly() {
        Random random = new Random(3);
        float[] exemplar = new float[SIDE * SIDE];
        for (int i = 0; i < exemplar.length; i++) {
            exemplar[i] = random.nextFloat();
        }
        float[] moved = new float[exemplar.length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                moved[y * SIDE + x] = exemplar[y * SIDE + Math.max(0, x - 1)];
            }
        }
        assertThat(run(moved, exemplar, 1, new ExemplarOptions(1, 3, 8), 1f).distance).isZero();
        assertThat(run(moved, exemplar, 1, new ExemplarOptions(0, 3, 8), 1f).distance).isGreaterThan(0.05f);
    }

    @Test
    void build_withSeveralExemplars_takesTheNearest() {
        float[] two = new float[2 * SIDE * SIDE];
        Arrays.fill(two, SIDE * SIDE, two.length, 0.5f);
        float[] image = new float[SIDE * SIDE];
        Arrays.fill(image, 0.4f);
        Outputs out = run(image, two, 2, new ExemplarOptions(1, 3, 8), 0.01f);
        assertThat(out.distance).isCloseTo(0.01f, within(1e-6f));
        assertThat(out.score).isCloseTo(0.5f, within(1e-5f));
    }

    @Test
    void build_forEveryShiftAndWindow_matchesTheDefinitionComputedByHand() {
        int h = 9;
        int w = 12;
        int count = 3;
        Random random = new Random(5);
        float[] image = new float[h * w];
        float[] exemplars = new float[count * h * w];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        for (int i = 0; i < exemplars.length; i++) {
            exemplars[i] = random.nextFloat();
        }
        // shift below and above half the window, odd and even windows: both ways the graph pools
        int[][] shiftAndWindow = {{0, 3}, {1, 1}, {1, 3}, {1, 5}, {2, 3}, {2, 4}, {1, 4}};
        for (int[] sk : shiftAndWindow) {
            InputSpec spec = InputSpec.of(w, h, 1);
            try (Graph graph = new Graph()) {
                ExemplarGraph g = ExemplarGraph.build(Ops.create(graph), spec, exemplars, count,
                        new ExemplarOptions(sk[0], sk[1], 8), 1f);
                try (Session session = new Session(graph);
                     TFloat32 x = TFloat32.tensorOf(Shape.of(1, h, w, 1), DataBuffers.of(image, true, false));
                     Result r = session.runner().feed(g.image, x).fetch(g.distance).run()) {
                    assertThat(((TFloat32) r.get(0)).getFloat(0)).as("shift %d, window %d", sk[0], sk[1])
                            .isCloseTo(byHand(image, exemplars, count, h, w, sk[0], sk[1]), within(1e-5f));
                }
            }
        }
    }

    /**
     * The exemplar distance straight from its definition: edge-padded exemplars moved by up to {@code s} each way,
     * squared differences averaged over the part of each k×k neighbourhood (centred as TensorFlow centres it)
     * inside the image, the worst neighbourhood of the inner band, the nearest candidate.
     */
    private static float byHand(float[] image, float[] exemplars, int count, int h, int w, int s, int k) {
        float nearest = Float.MAX_VALUE;
        for (int e = 0; e < count; e++) {
            for (int dy = -s; dy <= s; dy++) {
                for (int dx = -s; dx <= s; dx++) {
                    float worst = 0f;
                    for (int y = s; y < h - s; y++) {
                        for (int x = s; x < w - s; x++) {
                            double sum = 0;
                            int n = 0;
                            for (int yy = Math.max(0, y - (k - 1) / 2); yy <= Math.min(h - 1, y + k / 2); yy++) {
                                for (int xx = Math.max(0, x - (k - 1) / 2); xx <= Math.min(w - 1, x + k / 2); xx++) {
                                    int ey = Math.min(h - 1, Math.max(0, yy + dy));
                                    int ex = Math.min(w - 1, Math.max(0, xx + dx));
                                    double d = image[yy * w + xx] - exemplars[(e * h + ey) * w + ex];
                                    sum += d * d;
                                    n++;
                                }
                            }
                            worst = Math.max(worst, (float) (sum / n));
                        }
                    }
                    nearest = Math.min(nearest, worst);
                }
            }
        }
        return nearest;
    }

    @Test
    void farthestFirst_whenOverTheMaximum_keepsTheMostDifferent() throws Exception {
        ImageSet set = ImageSet.of(new float[][] {{0f, 0f}, {0.01f, 0f}, {1f, 1f}, {0.02f, 0.01f}}, new int[4], 2);
        assertThat(ExemplarModel.farthestFirst(set, 2)).containsExactly(0, 2);
        assertThat(ExemplarModel.farthestFirst(set, 8)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void fit_measuresEachTrainingNormalAgainstTheOtherExemplars() {
        ImageSet normals = ImageSet.of(new float[][] {filled(0f), filled(0f), filled(0.3f)}, new int[3], SIDE * SIDE);
        ImageSet validation = ImageSet.of(new float[][] {filled(0.1f), filled(0.9f)},
                new int[] {LabeledImage.NORMAL, LabeledImage.ANOMALY}, SIDE * SIDE);
        ExemplarModel.Fitted fitted = ExemplarModel.fit(GREY, new ExemplarOptions(1, 3, 8), normals, validation, 1);
        // unseen normals: the two zeros match each other (0, 0), 0.3 is 0.09 from them, validation 0.1 is 0.01
        // from the zeros: median of {0, 0, 0.01, 0.09} = 0.005; the anomaly plays no part
        assertThat(fitted.scale()).isCloseTo(0.005f, within(1e-6f));
        assertThat(fitted.trainingNormalScores()[0]).isZero();
        assertThat(fitted.trainingNormalScores()[2]).isCloseTo(0.09 / 0.095, within(1e-5));
    }

    private static float[] filled(float value) {
        float[] image = new float[SIDE * SIDE];
        Arrays.fill(image, value);
        return image;
    }

    @Test
    void edgePadded_repeatsTheBorderPixels() {
        float[] padded = ExemplarGraph.edgePadded(new float[] {1, 2, 3, 4}, 1, 2, 2, 1, 1);
        assertThat(padded).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    private record Outputs(float distance, float score, float[] heatmap) {}

    private static Outputs run(float[] image, float[] exemplars, int count, ExemplarOptions options, float scale) {
        try (Graph graph = new Graph()) {
            ExemplarGraph g = ExemplarGraph.build(Ops.create(graph), GREY, exemplars, count, options, scale);
            try (Session session = new Session(graph);
                 TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIDE, SIDE, 1), DataBuffers.of(image, true, false));
                 Result r = session.runner().feed(g.image, x).fetch(g.distance).fetch(g.score).fetch(g.heatmap)
                         .run()) {
                float[] heat = new float[SIDE * SIDE];
                TFloat32 h = (TFloat32) r.get(2);
                for (int y = 0; y < SIDE; y++) {
                    for (int x2 = 0; x2 < SIDE; x2++) {
                        heat[y * SIDE + x2] = h.getFloat(0, y, x2);
                    }
                }
                return new Outputs(((TFloat32) r.get(0)).getFloat(0), ((TFloat32) r.get(1)).getFloat(0), heat);
            }
        }
    }
}
