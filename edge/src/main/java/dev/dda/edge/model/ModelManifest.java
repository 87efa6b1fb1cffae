package dev.dda.edge.model;

import dev.dda.edge.preprocess.InputSpec;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model package: the contract between trainer, packager and server. A package is a
 * folder {@code NAME/VERSION/} holding this manifest and a TensorFlow SavedModel in {@code saved_model/}.
 * Its JSON Schema is {@code schema/model-manifest.schema.json}.
 *
 * @param formatVersion of this manifest, "1"
 * @param signature the SavedModel signature key to call, normally "serving_default"
 * @param inputName the signature's input, a float tensor [batch, height, width, channels]
 * @param scoreOutput the signature's output holding the anomaly score in [0, 1] per image, shape [batch]
 * @param heatmapOutput an optional output [batch, h, w] of per-region anomaly scores, or null
 * @param anomalyThreshold score at or above which an image is an anomaly (chosen on validation data)
 * @param labels class names, index 0 normal, index 1 anomaly
 * @param metrics training metrics (auroc, f1, precision, recall, ...)
 * @param sourceCommit git commit of the spec that trained it, or null
 * @param files SHA-256 of every file in the package but the manifest, by relative path
 */
public record ModelManifest(String formatVersion, String name, String version, String signature, String inputName,
                            String scoreOutput, String heatmapOutput, InputSpec input, double anomalyThreshold,
                            List<String> labels, Map<String, Double> metrics, String sourceCommit, String createdAt,
                            Map<String, String> files) {
    public static final String FILE_NAME = "manifest.json";
    public static final String SAVED_MODEL_DIR = "saved_model";
}
