package dev.dda.target.local;

import dev.dda.packaging.EdgeDistribution;
import dev.dda.render.CompileTarget;
import dev.dda.spec.LoadedSpec;
import dev.dda.target.ResourceHandler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local target's handlers for the second half of the pipeline (training, compile, component, fleet,
 * deployment), sharing one {@link Packaging}. {@code LocalHandlers} adds them with {@code putAll}.
 */
public final class PackagingHandlers {
    private PackagingHandlers() {}

    public static Map<String, ResourceHandler> all(Path root, LoadedSpec spec, ModelTrainer trainer,
                                                   Map<String, String> env, TrainingHandler.ObjectResolver objects) {
        Packaging packaging = new Packaging(root, new EdgeDistribution(EdgeDistribution.locateEdgeTarget(env),
                EdgeDistribution.defaultMavenRepository(env), root.resolve("cache")), compileTargets(spec));
        Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
        handlers.put("training", new TrainingHandler(root, trainer, objects));
        handlers.put("compile", new CompileHandler(root));
        handlers.put("component", new ComponentHandler(packaging));
        handlers.put("fleet", new FleetHandler(packaging));
        handlers.put("deployment", new DeploymentHandler(packaging));
        return handlers;
    }

    /** Every compile target any training of the spec names. */
    public static Set<CompileTarget> compileTargets(LoadedSpec spec) {
        return dev.dda.packaging.EdgeServiceBuild.compileTargets(spec);
    }
}
