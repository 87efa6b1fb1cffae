package dev.dda.packaging;

import dev.dda.edge.server.ServerOptions;
import dev.dda.render.CompileTarget;
import dev.dda.render.EdgeServiceRecipe;
import dev.dda.render.RecipeArtifact;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.RenderedRecipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edge service component as every target builds it: the app ZIP and one TensorFlow native build per compile
 * target of the spec, rendered into one recipe with a manifest per platform. Platforms whose native build is not
 * available are left out with a note saying how to add them.
 */
public final class EdgeServiceBuild {
    public static final int EDGE_MAJOR = 1;
    public static final int DEFAULT_EDGE_PORT = ServerOptions.DEFAULT_PORT;

    private EdgeServiceBuild() {}

    /** The edge service recipe and the files behind its artifacts; notes say which platforms were left out. */
    public record EdgeBuild(RenderedRecipe recipe, Map<String, Path> files, List<String> notes) {
    }

    /** Every compile target any training of the spec names. */
    public static Set<CompileTarget> compileTargets(dev.dda.spec.LoadedSpec spec) {
        Set<CompileTarget> out = EnumSet.noneOf(CompileTarget.class);
        if (spec != null && spec.document().get("training") instanceof Map<?, ?> trainings) {
            for (Object t : trainings.values()) {
                if (t instanceof Map<?, ?> m && m.get("compile") instanceof List<?> targets) {
                    targets.forEach(x -> CompileTarget.find(String.valueOf(x)).ifPresent(out::add));
                }
            }
        }
        return out;
    }

    /** The compile targets of a spec, or this machine's when it has none. */
    public static Set<CompileTarget> platforms(Set<CompileTarget> compileTargets) {
        return compileTargets.isEmpty() ? EnumSet.of(CompileTarget.host()) : EnumSet.copyOf(compileTargets);
    }

    /** @param write false while planning: nothing is written, and the files of the result may be null */
    public static EdgeBuild build(EdgeDistribution edge, RecipeRenderer renderer, Set<CompileTarget> targets,
                                  boolean write) throws IOException, RecipeException {
        EdgeDistribution.Built app = edge.app(write);
        Map<CompileTarget, RecipeArtifact> natives = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        if (app.file() != null) {
            files.put(app.artifact().fileName(), app.file());
        }
        List<String> notes = new ArrayList<>();
        for (CompileTarget t : targets) {
            var nat = edge.nativeFor(t, write);
            if (nat.isPresent()) {
                natives.put(t, nat.get().artifact());
                files.put(nat.get().artifact().fileName(), nat.get().file());
            } else {
                notes.add(t.id() + " left out: TensorFlow Java native build " + t.nativeClassifier()
                        + " is not in the local Maven repository (mvn dependency:get "
                        + "-Dartifact=org.tensorflow:tensorflow-core-native:" + edge.tensorflowVersion() + ":jar:"
                        + t.nativeClassifier() + " adds it)");
            }
        }
        if (natives.isEmpty()) {
            throw new IOException("no TensorFlow Java native build for any compile target: " + notes);
        }
        RenderedRecipe recipe = renderer.renderEdgeService(new EdgeServiceRecipe(EdgeServiceRecipe.DEFAULT_NAME,
                EDGE_MAJOR, "dda", DEFAULT_EDGE_PORT, "127.0.0.1", "-Xmx512m", 60, app.artifact(), natives));
        return new EdgeBuild(recipe, files, notes);
    }
}
