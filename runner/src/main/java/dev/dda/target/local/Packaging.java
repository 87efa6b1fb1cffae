package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.packaging.EdgeDistribution;
import dev.dda.packaging.EdgeServiceBuild;
import dev.dda.render.CompileTarget;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.TemplateEngine;
import dev.dda.target.local.device.ComponentStore;
import dev.dda.target.local.device.LocalDevice;
import java.io.IOException;
import java.nio.file.Path;
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
    public static final int EDGE_MAJOR = EdgeServiceBuild.EDGE_MAJOR;
    public static final int DEFAULT_EDGE_PORT = EdgeServiceBuild.DEFAULT_EDGE_PORT;

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
        this.edgeTargets = EdgeServiceBuild.platforms(edgeTargets);
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
        return new LocalDevice(devicesRoot(root), name, store, LocalDevice.hostPlatform());
    }

    public Path devicesRoot() {
        return devicesRoot(root);
    }

    /** The local devices' folders under a local target's root. */
    public static Path devicesRoot(Path root) {
        return root.resolve("devices");
    }

    /** @param write false while planning: nothing is written, and the files of the result may be null */
    public EdgeServiceBuild.EdgeBuild edgeService(boolean write) throws IOException, RecipeException {
        return EdgeServiceBuild.build(edge, renderer, edgeTargets, write);
    }

    /** Remembers what a component handler planned, for the deployment handler planned after it. */
    void plan(Address component, Map<String, String> info) {
        planned.put(component, Map.copyOf(info));
    }

    Map<String, String> planned(Address component) {
        return planned.getOrDefault(component, Map.of());
    }
}
