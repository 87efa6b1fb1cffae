package dev.dda.render;

import java.util.LinkedHashMap;
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
    /**
     * The spec's edge key → the recipe's configuration key (templates/greengrass/edge-service.recipe.yaml.ftl), in
     * a fixed order: the merged JSON is part of the deployment's fingerprint.
     */
    private static final List<Map.Entry<String, String>> CONFIGURATION_KEYS = List.of(Map.entry("port", "Port"),
            Map.entry("host", "Host"), Map.entry("threads", "Threads"));

    public EdgeServiceRecipe {
        natives = Map.copyOf(natives);
        if (natives.isEmpty()) {
            throw new IllegalArgumentException("the edge service needs at least one platform");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("edge port must be in 1..65535: " + port);
        }
    }

    /**
     * A fleet's {@code edge} settings (port, host, threads) under the recipe's own configuration keys (Port, Host,
     * Threads), as a deployment merges them: written as the recipe spells them rather than left to Greengrass's
     * key matching.
     */
    public static Map<String, Object> configuration(Map<String, Object> edge) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> key : CONFIGURATION_KEYS) {
            if (edge.get(key.getKey()) != null) {
                out.put(key.getValue(), edge.get(key.getKey()));
            }
        }
        return out;
    }

    /** Platforms in manifest order: GPU first, because Greengrass takes the first manifest that matches. */
    public List<CompileTarget> platforms() {
        return java.util.Arrays.stream(CompileTarget.values()).filter(natives::containsKey).toList();
    }
}
