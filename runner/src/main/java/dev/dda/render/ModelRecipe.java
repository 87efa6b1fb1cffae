package dev.dda.render;

import java.util.Map;

/**
 * What one model component (one compile target) is built from.
 *
 * @param modelZip the model package ZIP ({@code NAME/VERSION/manifest.json, saved_model/})
 * @param anomalyThreshold the model's score threshold (from its manifest)
 * @param normalThreshold confidence below which a normal verdict asks for human review
 * @param metrics training metrics, shown in the component's ModelMetaData
 */
public record ModelRecipe(String componentName, int major, String publisher, String friendlyName, String modelName,
                          String modelVersion, CompileTarget target, String edgeComponentName, int edgeMajor,
                          double anomalyThreshold, double normalThreshold, int loadTimeoutSeconds,
                          Map<String, Double> metrics, RecipeArtifact modelZip) {
    public ModelRecipe {
        metrics = Map.copyOf(metrics);
    }
}
