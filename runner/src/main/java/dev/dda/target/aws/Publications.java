package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.packaging.EdgeServiceBuild;
import dev.dda.packaging.ModelComponents;
import dev.dda.render.CompileTarget;
import dev.dda.render.ComponentVersions;
import dev.dda.render.RecipeArtifact;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.RenderedRecipe;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Greengrass component versions a {@code component.*} resource publishes, rendered with the packaging the local
 * target uses: the edge service ({@link EdgeServiceBuild}) and one model component per compile target
 * ({@link ModelComponents}) from the compile resource's packaged ZIP. Versions derive from content, so they are
 * known while planning, except for a model whose packaging is still to run ("known after apply"). Also remembers
 * what each component planned in this run, for the deployment planned after it.
 */
final class Publications {
    /** Name and version, read from the recipe itself so that they can never disagree with it. */
    record Recipe(String name, String version, String text, Map<String, Object> tree) {
        @SuppressWarnings("unchecked")
        static Recipe of(String text) {
            // YAML is a superset of JSON: one parser reads recipes in either format
            Object tree = new Load(LoadSettings.builder().build()).loadFromString(text);
            Map<String, Object> m = tree instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            return new Recipe(String.valueOf(m.get("ComponentName")), String.valueOf(m.get("ComponentVersion")),
                    text, m);
        }
    }

    /**
     * One component version: its recipe (null while its version is known only after apply), the files to upload
     * ({@code s3Uri → file}; a null file: uploaded already by compile, to be verified) and their SHA-256s.
     */
    record Publication(String name, Recipe recipe, Map<String, Path> uploads, Map<String, String> digests,
                       String why) {
        String version() {
            return recipe == null ? ComponentVersions.KNOWN_AFTER_APPLY : recipe.version();
        }
    }

    private final ArtifactStore artifacts;
    private final Map<Address, Map<String, String>> planned = new ConcurrentHashMap<>();

    Publications(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    /** @param write false while planning: nothing is built on disk beyond caches */
    List<Publication> of(Resource desired, PlanContext context, boolean write) throws TargetException {
        try {
            List<Publication> out = new ArrayList<>();
            if (desired.attributes().get("recipe") != null) {
                out.add(explicit(desired, context));
            } else if (ComponentVersions.isEdgeService(desired.address())) {
                EdgeServiceBuild.EdgeBuild build = artifacts.edgeService(write);
                out.add(rendered(build.recipe(), artifacts.renderer(artifacts.edgeBase()), build.files(),
                        "edge service build changed"));
            } else {
                for (CompileTarget t : ModelComponents.targets(desired)) {
                    out.add(model(desired, t, context));
                }
            }
            Map<String, String> versions = new LinkedHashMap<>();
            out.forEach(p -> versions.put(p.name(), p.version()));
            planned.put(desired.address(), versions);
            return out;
        } catch (IOException | RecipeException | IllegalArgumentException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage(), e);
        }
    }

    /** What the component planned in this run (component name → version), empty when it was not planned. */
    Map<String, String> planned(Address component) {
        return planned.getOrDefault(component, Map.of());
    }

    private Publication model(Resource desired, CompileTarget t, PlanContext context)
            throws IOException, RecipeException {
        String model = String.valueOf(desired.attributes().get("model"));
        Address compile = Address.of("compile", model + "." + t.id());
        Map<String, Object> compiled = context.outputsOf(compile);
        Object current = context.outputsOf(Address.of("training", model)).get("modelArtifacts");
        String name = ModelComponents.variant(desired, t);
        if (compiled.get("sha256") == null || compiled.get("artifactBase") == null
                || current != null && !current.equals(compiled.get("source"))
                || !CompileHandler.current(compiled, compile, context)) {
            return new Publication(name, null, Map.of(), Map.of(), compile + " packages a new model");
        }
        RecipeRenderer renderer = artifacts.renderer(String.valueOf(compiled.get("artifactBase")));
        RenderedRecipe r = ModelComponents.render(renderer, desired, t, compiled,
                String.valueOf(compiled.get("fileName")));
        Map<String, Path> none = new LinkedHashMap<>();
        none.put(String.valueOf(compiled.get("uri")), null);
        Publication p = rendered(r, renderer, Map.of(), "model changed");
        if (!p.uploads().keySet().equals(none.keySet())) {
            throw new IOException(compile + " recorded " + compiled.get("uri") + " but the recipe points at "
                    + p.uploads().keySet() + "; apply " + compile + " again");
        }
        return p;
    }

    private static Publication rendered(RenderedRecipe r, RecipeRenderer renderer, Map<String, Path> files,
                                        String why) {
        Map<String, Path> uploads = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        for (RecipeArtifact a : r.artifacts()) {
            String uri = renderer.artifactUri(r.componentName(), r.version(), a);
            uploads.put(uri, files.get(a.fileName()));
            digests.put(uri, a.sha256Hex());
        }
        return new Publication(r.componentName(), Recipe.of(r.text()), uploads, digests, why);
    }

    /** A hand-written recipe ({@code recipe}) and its files ({@code artifacts: {s3Uri: path}}, from the spec's folder). */
    private static Publication explicit(Resource desired, PlanContext context) throws IOException, RecipeException {
        Recipe recipe = Recipe.of(Attrs.str(desired.attributes(), "recipe"));
        dev.dda.render.RecipeChecker.require(recipe.name() + " " + recipe.version(), recipe.text());
        Map<String, Path> uploads = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, Object> a : Attrs.map(desired.attributes(), "artifacts").entrySet()) {
            Path file = context.specDirectory().resolve(String.valueOf(a.getValue()));
            uploads.put(a.getKey(), file);
            digests.put(a.getKey(), LocalFile.of(file.getFileName().toString(), file).sha256());
        }
        return new Publication(recipe.name(), recipe, uploads, digests, "recipe changed");
    }
}
