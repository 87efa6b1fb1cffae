package dev.dda.render;

import java.util.List;
import java.util.Map;

/**
 * What the edge service component is built from.
 *
 * @param app the platform-independent ZIP (dda-edge.jar and lib/ without TensorFlow's native build)
 * @param natives one native jar per platform ({@code tensorflow-core-native-V-CLASSIFIER.jar}), in manifest order
 */
public record EdgeServiceRecipe(String componentName, int major, String publisher, int port, String host,
                                String javaOptions, int startupTimeoutSeconds, RecipeArtifact app,
                                Map<CompileTarget, RecipeArtifact> natives) {
    public static final String DEFAULT_NAME = "dda.EdgeService";

    public EdgeServiceRecipe {
        natives = Map.copyOf(natives);
        if (natives.isEmpty()) {
            throw new IllegalArgumentException("the edge service needs at least one platform");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("edge port must be in 1..65535: " + port);
        }
    }

    /** Platforms in manifest order: GPU first, because Greengrass takes the first manifest that matches. */
    public List<CompileTarget> platforms() {
        return java.util.Arrays.stream(CompileTarget.values()).filter(natives::containsKey).toList();
    }
}
