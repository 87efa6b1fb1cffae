package dev.dda.packaging;

import dev.dda.graph.Resource;
import dev.dda.render.CompileTarget;
import dev.dda.render.EdgeServiceRecipe;
import dev.dda.render.ModelRecipe;
import dev.dda.render.RecipeArtifact;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.RenderedRecipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model component of the spec ({@code component.NAME} with a {@code model}) as every target publishes it: one
 * Greengrass component per compile target, {@code NAME-TARGET}, for that target's platform, with a HARD dependency
 * on the edge service, rendered from the compile resource's record (the packaged ZIP's digest, the model's name,
 * version, threshold and metrics).
 */
public final class ModelComponents {
    private ModelComponents() {}

    /** The compile targets the component is built for. */
    public static List<CompileTarget> targets(Resource desired) {
        List<CompileTarget> out = new ArrayList<>();
        if (desired.attributes().get("targets") instanceof List<?> l) {
            l.forEach(t -> out.add(CompileTarget.parse(String.valueOf(t))));
        }
        return out;
    }

    /** The Greengrass component of one compile target. */
    public static String variant(Resource desired, CompileTarget t) {
        return desired.address().name() + "-" + t.id();
    }

    /**
     * The model component recipe of one compile target.
     *
     * @param compiled the compile resource's record: {@code sha256}, {@code modelName}, {@code modelVersion},
     *     {@code anomalyThreshold}, {@code metrics}
     * @param zipFileName the packaged ZIP's file name
     */
    public static RenderedRecipe render(RecipeRenderer renderer, Resource desired, CompileTarget t,
                                        Map<String, Object> compiled, String zipFileName)
            throws IOException, RecipeException {
        RecipeArtifact artifact = new RecipeArtifact(zipFileName, String.valueOf(compiled.get("sha256")));
        ModelRecipe in = new ModelRecipe(variant(desired, t), major(desired),
                string(desired, "publisher", "dda"), string(desired, "friendlyName", desired.address().name()),
                String.valueOf(compiled.get("modelName")), String.valueOf(compiled.get("modelVersion")), t,
                EdgeServiceRecipe.DEFAULT_NAME, EdgeServiceBuild.EDGE_MAJOR,
                number(compiled.get("anomalyThreshold"), 0.5), 0.5, 120, metrics(compiled), artifact);
        return renderer.renderModel(in);
    }

    /** The numeric metrics of a record ({@code metrics: {name: value}}); anything else is left out. */
    public static Map<String, Double> metrics(Map<String, Object> outputs) {
        Map<String, Double> m = new TreeMap<>();
        if (outputs.get("metrics") instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> {
                if (v instanceof Number n) {
                    m.put(String.valueOf(k), n.doubleValue());
                }
            });
        }
        return m;
    }

    private static int major(Resource desired) {
        Object v = desired.attributes().get("version");
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s && s.matches("\\d+(\\..*)?")) {
            return Integer.parseInt(s.split("\\.")[0]);
        }
        return 1;
    }

    private static String string(Resource desired, String key, String fallback) {
        Object v = desired.attributes().get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static double number(Object v, double fallback) {
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}
