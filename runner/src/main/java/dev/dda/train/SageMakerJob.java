package dev.dda.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What SageMaker hands dda's training container, under {@code /opt/ml}: the hyperparameters (all strings), the
 * {@code manifest} channel (the DDA manifest, {@code s3://} image references) and the {@code images} channel (the
 * objects under {@link #IMAGES_PREFIX}, copied with the rest of their keys); the model goes to {@code model/},
 * and a failure's reason to {@code output/failure}, which SageMaker reports as the job's FailureReason.
 */
public record SageMakerJob(Path root, Map<String, Object> hyperparameters, Path manifest, String imagesPrefix,
                           String modelName, String modelVersion) {
    public static final Path DEFAULT_ROOT = Path.of("/opt/ml");
    public static final String MANIFEST_CHANNEL = "manifest";
    public static final String IMAGES_CHANNEL = "images";
    /** Hyperparameters dda adds for its own container; every other one is the trainer's. */
    public static final String IMAGES_PREFIX = "dda_images_prefix";
    public static final String MODEL_NAME = "dda_model_name";
    public static final String MODEL_VERSION = "dda_model_version";
    private static final String METRIC = "dda-metric ";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A final metric as the container prints it, for the training job's metric definitions to pick up. */
    public static String metricLine(String name, double value) {
        return METRIC + name + "=" + String.format(java.util.Locale.ROOT, "%.6f", value);
    }

    /** The metric definition's regex that reads {@link #metricLine} back from the job's log. */
    public static String metricRegex(String name) {
        return METRIC + name + "=([0-9.]+)";
    }

    public static SageMakerJob read(Path root) throws TrainingException {
        Path config = root.resolve("input/config/hyperparameters.json");
        Map<String, Object> hp;
        try {
            hp = new LinkedHashMap<>(JSON.readValue(config.toFile(), new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
            throw new TrainingException(config + ": cannot read the hyperparameters: " + e.getMessage(), e);
        }
        String prefix = take(hp, IMAGES_PREFIX, config);
        String name = take(hp, MODEL_NAME, config);
        String version = take(hp, MODEL_VERSION, config);
        return new SageMakerJob(root, Map.copyOf(hp), onlyFileIn(root.resolve("input/data/" + MANIFEST_CHANNEL)),
                prefix, name, version);
    }

    public List<LabeledImage> images() throws TrainingException {
        return LabeledDataset.fromManifest(manifest, imagesPrefix, root.resolve("input/data/" + IMAGES_CHANNEL));
    }

    public Path modelDir() {
        return root.resolve("model").resolve(modelName).resolve(modelVersion);
    }

    /** Where SageMaker looks for the reason a job failed. */
    public static Path failureFile(Path root) {
        return root.resolve("output/failure");
    }

    private static String take(Map<String, Object> hp, String key, Path config) throws TrainingException {
        Object v = hp.remove(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new TrainingException(config + ": hyperparameter " + key + " is missing; dda's AWS target sets it"
                    + " when it starts the training job");
        }
        return String.valueOf(v);
    }

    private static Path onlyFileIn(Path channel) throws TrainingException {
        try (Stream<Path> files = Files.walk(channel)) {
            List<Path> found = files.filter(Files::isRegularFile).toList();
            if (found.size() != 1) {
                throw new TrainingException(channel + ": holds " + found.size() + " files; the " + MANIFEST_CHANNEL
                        + " channel must be exactly one DDA manifest");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new TrainingException(channel + ": cannot read the " + MANIFEST_CHANNEL + " channel: "
                    + e.getMessage(), e);
        }
    }
}
