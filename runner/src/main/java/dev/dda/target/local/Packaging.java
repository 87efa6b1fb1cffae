package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.render.CompileTarget;
import dev.dda.render.EdgeServiceRecipe;
import dev.dda.render.RecipeArtifact;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.RenderedRecipe;
import dev.dda.render.TemplateEngine;
import dev.dda.target.local.device.ComponentStore;
import dev.dda.target.local.device.LocalDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the component and deployment handlers share on the local target: the component store, the recipe renderer,
 * the edge service's artifacts, the device folders, and the component versions planned in this run (a component's
 * version is derived from content, so it is known while planning and the deployment can name it).
 */
public final class Packaging {
    /** GDK-style bucket of the local component store; only names, nothing is uploaded. */
    public static final String ARTIFACT_BASE = "s3://dda-component-local";
    public static final int EDGE_MAJOR = 1;
    public static final int DEFAULT_EDGE_PORT = 5000;

    private final Path root;
    private final ComponentStore store;
    private final RecipeRenderer renderer;
    private final EdgeDistribution edge;
    private final Set<CompileTarget> edgeTargets;
    private final Map<Address, Map<String, String>> planned = new ConcurrentHashMap<>();

    /** @param edgeTargets the compile targets of the spec: the edge service gets a manifest for each */
    public Packaging(Path root, EdgeDistribution edge, Set<CompileTarget> edgeTargets) {
        this.root = root;
        this.store = new ComponentStore(root.resolve("components"));
        this.renderer = new RecipeRenderer(TemplateEngine.create(), ARTIFACT_BASE);
        this.edge = edge;
        this.edgeTargets = edgeTargets.isEmpty() ? EnumSet.of(CompileTarget.host()) : EnumSet.copyOf(edgeTargets);
    }

    public Path root() {
        return root;
    }

    public ComponentStore store() {
        return store;
    }

    public RecipeRenderer renderer() {
        return renderer;
    }

    public LocalDevice device(String name) {
        return new LocalDevice(root.resolve("devices"), name, store, LocalDevice.hostPlatform());
    }

    public Path devicesRoot() {
        return root.resolve("devices");
    }

    /** The edge service recipe and the files behind its artifacts; notes say which platforms were left out. */
    public record EdgeBuild(RenderedRecipe recipe, Map<String, Path> files, List<String> notes) {
    }

    /** @param write false while planning: nothing is written, and the files of the result may be null */
    public EdgeBuild edgeService(boolean write) throws IOException, RecipeException {
        EdgeDistribution.Built app = edge.app(write);
        Map<CompileTarget, RecipeArtifact> natives = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        if (app.file() != null) {
            files.put(app.artifact().fileName(), app.file());
        }
        List<String> notes = new ArrayList<>();
        for (CompileTarget t : edgeTargets) {
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

    /** Remembers what a component handler planned, for the deployment handler planned after it. */
    void plan(Address component, Map<String, String> info) {
        planned.put(component, Map.copyOf(info));
    }

    Map<String, String> planned(Address component) {
        return planned.getOrDefault(component, Map.of());
    }
}
