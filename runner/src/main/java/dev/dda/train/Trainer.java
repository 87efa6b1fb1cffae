package dev.dda.train;

import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.preprocess.Preprocessor;
import dev.dda.edge.runtime.TensorFlowStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Trains the defect detector from labeled images and writes a model package: manifest.json, saved_model/,
 * metrics.json and evaluation.png. Two methods (see {@link Hyperparameters.Method}): the exemplar model, the
 * default, and a CNN.
 *
 * <p>Repeatable for a seed: the split depends only on it, and the exemplar model is then bit for bit the same.
 * For the CNN, augmentation, batch order (Java {@link Random}) and the initial weights (stateless seeded ops) depend
 * only on the seed too, but the weights are not bit-exact: TensorFlow's CPU kernels may add
 * partial sums in another order from run to run (seen even with one intra-op thread, in the last bits), and
 * hundreds of Adam steps amplify that rounding. On the synthetic test two runs agree to 1e-4; on the aliens
 * with two threads, held-out AUROC of the same seed moved by up to 0.08 between runs of one network
 * (the default ensemble of three damps this). The package is assembled in a sibling folder and moved into place at
 * the end, so a failed run leaves no half-written package behind.
 */
public final class Trainer {
    public static final List<String> LABELS = List.of("normal", "anomaly");
    private final TrainingListener listener;

    public Trainer(TrainingListener listener) {
        this.listener = listener;
    }

    /** Names the package in its manifest; {@code sourceCommit} may be null. */
    public record ModelName(String name, String version, String sourceCommit) {}

    public TrainingResult train(List<LabeledImage> images, Hyperparameters hp, ModelName id, Path out)
            throws TrainingException {
        long start = System.nanoTime();
        PackageFiles.check(manifest(id, hp.inputSpec(), 0.5, Map.of()));
        // before the images are read: a wrong --out should not cost the wait for a large data set
        refuseUnlessReplaceable(out);
        TensorFlowStart.ensure(ImageSet.sessionConfig(hp.intraOpThreads()));
        Split split;
        try {
            split = Split.stratified(images, hp.validationSplit(), hp.testSplit(), hp.seed());
            if (hp.method() == Hyperparameters.Method.EXEMPLAR) {
                split = split.normalsOnly();
            }
        } catch (IllegalArgumentException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        InputSpec spec = hp.inputSpec();
        Preprocessor preprocessor = Preprocessor.create(spec);
        ImageSet train = ImageSet.load(split.train(), preprocessor);
        ImageSet validation = ImageSet.load(split.validation(), preprocessor);
        ImageSet test = ImageSet.load(split.test(), preprocessor);
        listener.on(new TrainingEvent.DataReady(count(split.train(), 0), count(split.train(), 1),
                count(split.validation(), 0), count(split.validation(), 1), count(split.test(), 0),
                count(split.test(), 1), since(start)));

        Path work = prepareWork(out);
        try {
            Path savedModel = work.resolve(ModelManifest.SAVED_MODEL_DIR);
            Fitted fitted = learn(spec, hp, train, validation, savedModel);
            // the threshold and the test figures come from the exported model, loaded as the server loads it
            List<double[]> scored = SavedModelExport.score(savedModel, spec, hp.intraOpThreads(), validation, test);
            Scores validationScores = withNormals(new Scores(scored.get(0), validation.labels()),
                    fitted.trainingNormalScores);
            List<LabeledImage> checkedImages = new ArrayList<>(split.validation());
            if (fitted.trainingNormalScores.length > 0) {
                checkedImages.addAll(split.train());
            }
            Evaluation checked = new Evaluation("validation", validationScores, validationScores.bestF1Threshold());
            Optional<Evaluation> tested = test.size() == 0 ? Optional.empty() : Optional.of(
                    new Evaluation("test", new Scores(scored.get(1), test.labels()), checked.threshold()));
            Duration trainTime = since(start);
            TrainingResult result = new TrainingResult(out, checked.threshold(), checked, tested,
                    fitted.epochs, fitted.finalLoss, trainTime);
            writeReports(work, result, hp, split, checkedImages);
            PackageFiles.writeManifest(work, manifest(id, spec, result.threshold(), manifestMetrics(result)));
            moveIntoPlace(work, out);
            listener.on(new TrainingEvent.Finished(result));
            return result;
        } catch (IOException e) {
            throw new TrainingException(out + ": cannot write the model package: " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * How the model was learned: epochs and last loss of a CNN, none of either for exemplars; and scores of
     * training normals that count as unseen for the threshold (exemplars' leave-one-out scores), in training order.
     */
    private record Fitted(int epochs, double finalLoss, double[] trainingNormalScores) {}

    private static Scores withNormals(Scores validation, double[] normalScores) {
        double[] scores = Arrays.copyOf(validation.scores(), validation.scores().length + normalScores.length);
        System.arraycopy(normalScores, 0, scores, validation.scores().length, normalScores.length);
        int[] labels = Arrays.copyOf(validation.labels(), scores.length);
        return new Scores(scores, labels);
    }

    /** Learns the model by the chosen method and writes it as a SavedModel to {@code savedModel}. */
    private Fitted learn(InputSpec spec, Hyperparameters hp, ImageSet train, ImageSet validation, Path savedModel)
            throws TrainingException {
        if (hp.method() == Hyperparameters.Method.EXEMPLAR) {
            long start = System.nanoTime();
            ExemplarModel.Fitted fitted = ExemplarModel.fit(spec, hp.exemplarOptions(), train, validation,
                    hp.intraOpThreads());
            listener.on(new TrainingEvent.ExemplarsFitted(fitted.count(), train.size(), fitted.scale(), since(start)));
            ExemplarModel.export(spec, hp.exemplarOptions(), fitted, savedModel);
            return new Fitted(0, Double.NaN, fitted.trainingNormalScores());
        }
        Weights weights = fit(spec, hp, train, validation);
        SavedModelExport.export(spec, hp.ensemble(), weights.values, savedModel);
        return new Fitted(hp.epochs(), weights.finalLoss, new double[0]);
    }

    private record Weights(Map<String, float[]> values, double finalLoss) {}

    /**
     * Trains for the given epochs and returns the mean of the weights seen at the end of each of the last
     * epochs ({@code average} of them; stochastic weight averaging): with 50 images the weights wander from step
     * to step. {@code average: 0} returns the final weights.
     */
    private Weights fit(InputSpec spec, Hyperparameters hp, ImageSet train, ImageSet validation)
            throws TrainingException {
        Random random = new Random(hp.seed());
        Augmenter augmenter = hp.augment() ? new Augmenter(spec) : null;
        int averageFrom = hp.epochs() - Math.max(1, (int) Math.round(hp.epochs() * hp.average())) + 1;
        WeightAverage average = new WeightAverage();
        long start = System.nanoTime();
        try (TrainingGraph graph = new TrainingGraph(spec, hp)) {
            double loss = Double.NaN;
            for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
                loss = epoch(graph, train, hp.batchSize(), augmenter, random);
                if (!Double.isFinite(loss)) {
                    throw new TrainingException("training diverged at epoch " + epoch + " (loss " + loss
                            + "); try a lower learningRate than " + hp.learningRate());
                }
                if (epoch >= averageFrom) {
                    average.add(graph.trainedValues());
                }
                double auroc = new Scores(graph.score(validation), validation.labels()).auroc();
                Duration elapsed = since(start);
                Duration left = elapsed.dividedBy(epoch).multipliedBy(hp.epochs() - epoch);
                listener.on(new TrainingEvent.EpochDone(epoch, hp.epochs(), loss, auroc, elapsed, left));
            }
            return new Weights(average.mean(), loss);
        }
    }

    /** One pass over the training images in a shuffled order; returns the mean batch loss. */
    private static double epoch(TrainingGraph graph, ImageSet train, int batchSize, Augmenter augmenter,
                                Random random) {
        int[] order = shuffled(train.size(), random);
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] indices = Arrays.copyOfRange(order, from, to);
            int[] labels = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                labels[i] = train.label(indices[i]);
            }
            sum += graph.step(train.batch(indices, augmenter, random), labels);
            batches++;
        }
        return sum / batches;
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * The set's figures plus each image's score, so that the images a model misranks can be named (an AUROC over
     * 20 images says that something is wrong, not what).
     */
    private static Map<String, Object> withImages(Evaluation e, List<LabeledImage> images) {
        Map<String, Object> m = new LinkedHashMap<>(e.toMap());
        List<Map<String, Object>> scored = new ArrayList<>();
        double[] scores = e.scores().scores();
        for (int i = 0; i < images.size(); i++) {
            LabeledImage image = images.get(i);
            Path name = image.path().getParent() == null ? image.path().getFileName()
                    : image.path().getParent().getFileName().resolve(image.path().getFileName());
            scored.add(Map.of("image", name.toString().replace('\\', '/'), "label", image.label(), "score", scores[i]));
        }
        m.put("images", scored);
        return m;
    }

    private static void writeReports(Path dir, TrainingResult r, Hyperparameters hp, Split split,
                                     List<LabeledImage> checkedImages) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("threshold", r.threshold());
        metrics.put("thresholdRule", "maximum F1 on the validation images (ties: higher Youden J)"
                + (checkedImages.size() > split.validation().size()
                ? "; the exemplar model's training normals count there by their leave-one-out scores" : ""));
        metrics.put("validation", withImages(r.validation(), checkedImages));
        r.test().ifPresent(t -> metrics.put("test", withImages(t, split.test())));
        metrics.put("counts", Map.of(
                "train", classCounts(split.train()),
                "validation", classCounts(split.validation()),
                "test", classCounts(split.test())));
        if (r.epochs() > 0) {
            metrics.put("epochs", r.epochs());
            metrics.put("finalLoss", r.finalLoss());
        }
        metrics.put("trainSeconds", r.trainTime().toMillis() / 1000.0);
        metrics.put("hyperparameters", hp.toMap());
        PackageFiles.writeJson(dir.resolve("metrics.json"), metrics);
        Evaluation shown = r.test().orElse(r.validation());
        EvaluationPlot.write(shown, "Evaluation on " + shown.scores().scores().length + " " + shown.set()
                + " images (threshold chosen on validation)", dir.resolve("evaluation.png"));
    }

    private static ModelManifest manifest(ModelName id, InputSpec spec, double threshold,
                                          Map<String, Double> metrics) {
        return new ModelManifest("1", id.name(), id.version(), SavedModelExport.SIGNATURE, SavedModelExport.INPUT,
                SavedModelExport.SCORE, SavedModelExport.HEATMAP, spec, threshold, LABELS, metrics,
                id.sourceCommit(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Map.of());
    }

    /** Validation figures as auroc, f1, ... (what gates read); held-out ones, when kept, as test_auroc, ... */
    private static Map<String, Double> manifestMetrics(TrainingResult r) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        putMetrics(metrics, "", r.validation());
        r.test().ifPresent(t -> putMetrics(metrics, "test_", t));
        return metrics;
    }

    private static void putMetrics(Map<String, Double> metrics, String prefix, Evaluation e) {
        Confusion c = e.confusion();
        metrics.put(prefix + "auroc", e.auroc());
        metrics.put(prefix + "f1", c.f1());
        metrics.put(prefix + "precision", c.precision());
        metrics.put(prefix + "recall", c.recall());
        metrics.put(prefix + "accuracy", c.accuracy());
    }

    private static Map<String, Integer> classCounts(List<LabeledImage> images) {
        return Map.of("normal", count(images, 0), "anomaly", count(images, 1));
    }

    private static int count(List<LabeledImage> images, int label) {
        return (int) Split.count(images, label);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A fresh folder next to {@code out}; refuses to later replace a folder that is not a model package. */
    private static Path prepareWork(Path out) throws TrainingException {
        // again: the folder may have appeared while the images were read
        refuseUnlessReplaceable(out);
        Path abs = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
            return Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new TrainingException(out + ": cannot create: " + e.getMessage(), e);
        }
    }

    private static void refuseUnlessReplaceable(Path out) throws TrainingException {
        Path abs = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs) && !isReplaceable(abs)) {
                throw new TrainingException(out + ": exists and is not a model package (no "
                        + ModelManifest.FILE_NAME + "); choose an empty or new folder");
            }
        } catch (IOException e) {
            throw new TrainingException(out + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isReplaceable(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty() || Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME));
        }
    }

    private static void moveIntoPlace(Path work, Path out) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        deleteQuietly(abs);
        Files.move(work, abs, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temporary folder is harmless and named as such
        }
    }
}
