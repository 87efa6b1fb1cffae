package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.packaging.ModelComponents;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.CompileTarget;
import dev.dda.render.ComponentVersions;
import dev.dda.render.RecipeException;
import dev.dda.render.RenderedRecipe;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.AttributeChanges;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code component.NAME} on the local target: renders the Greengrass recipe(s), checks them and publishes them
 * with their artifacts to the local component store. The edge service ({@code component.dda.EdgeService}) is one
 * component with a manifest per platform; a model component becomes one component per compile target,
 * {@code NAME-TARGET}, each for its own platform, with a HARD dependency on the edge service. Versions are derived
 * from content: the same inputs give the same version, and a version that is already published is not published
 * again.
 */
public final class ComponentHandler implements ResourceHandler {
    private final Packaging packaging;

    public ComponentHandler(Packaging packaging) {
        this.packaging = packaging;
    }

    /**
     * Component name → version this resource publishes. Versions derive from the rendered content (recipe template,
     * configuration, artifact digests), so a model component's version is known once its model is packaged for the
     * spec as it is now, and "(known after apply)" while that packaging is still to run.
     */
    private Map<String, String> plannedVersions(Resource desired, PlanContext context) throws TargetException {
        Map<String, String> versions = new TreeMap<>();
        try {
            if (ComponentVersions.isEdgeService(desired.address())) {
                RenderedRecipe r = packaging.edgeService(false).recipe();
                versions.put(r.componentName(), r.version());
            } else {
                String model = String.valueOf(desired.attributes().get("model"));
                for (CompileTarget t : targets(desired)) {
                    Address compile = Address.of("compile", model + "." + t.id());
                    Optional<Map<String, Object>> record = CompileHandler.record(packaging.root(), compile,
                            context.contentKey(compile));
                    versions.put(variant(desired, t), record.isEmpty() ? ComponentVersions.KNOWN_AFTER_APPLY
                            : renderModel(packaging, desired, t, record.get()).version());
                }
            }
        } catch (IOException | RecipeException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage(), e);
        }
        return versions;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, String> versions = plannedVersions(desired, context);
        Map<String, String> info = new LinkedHashMap<>(versions);
        if (!ComponentVersions.isEdgeService(desired.address())) {
            info.put("@model", String.valueOf(desired.attributes().get("model")));
        }
        packaging.plan(desired.address(), info);
        boolean all = versions.entrySet().stream().allMatch(e -> packaging.store().has(e.getKey(), e.getValue()));
        Map<String, Object> attrs = new TreeMap<>();
        attrs.put("versions", versions);
        return new Observation(all ? Observation.Presence.PRESENT : Observation.Presence.ABSENT, attrs, "");
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) {
        return Observation.present(prior.outputs());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, String> versions = (Map<String, String>) actual.attributes().getOrDefault("versions", Map.of());
        Map<String, Object> before = prior.map(p -> p.outputs().get("versions")).filter(Map.class::isInstance)
                .map(v -> (Map<String, Object>) v).orElse(Map.of());
        List<String> reasons = new ArrayList<>();
        boolean same = !before.isEmpty() && before.equals(new TreeMap<>(versions));
        List<String> changed = prior.map(p -> AttributeChanges.between(p.attributes(), desired.attributes()))
                .orElse(List.of());
        String why = ComponentVersions.isEdgeService(desired.address()) ? "edge service build changed"
                : changed.isEmpty() ? "model changed" : String.join(", ", changed);
        reasons.addAll(ComponentVersions.changes(versions, before, why));
        if (!ComponentVersions.isEdgeService(desired.address())) {
            CompileHandler.blockedBy(String.valueOf(desired.attributes().get("model")), context).ifPresent(reasons::add);
        }
        Action action;
        if (same && actual.exists()) {
            action = Action.NOOP;
        } else if (actual.exists()) {
            action = Action.REUSE;
            reasons.add("already in the component store: recorded, not published again");
        } else {
            action = prior.isPresent() ? Action.UPDATE : Action.CREATE;
        }
        return new Change(desired.address(), action, reasons, before.isEmpty() ? Map.of() : Map.of("versions", before),
                Map.of("versions", new TreeMap<>(versions)), desired.dependsOn(), context.digest(desired.address()));
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, Object> recipes = new TreeMap<>();
        Map<String, Object> versions = new TreeMap<>();
        try {
            if (ComponentVersions.isEdgeService(desired.address())) {
                var build = packaging.edgeService(true);
                build.notes().forEach(n -> context.progress().report(desired.address(), n));
                publish(build.recipe(), build.files(), recipes, versions, desired, context);
            } else {
                String model = String.valueOf(desired.attributes().get("model"));
                Optional<String> blocked = CompileHandler.blockedBy(model, context);
                if (blocked.isPresent()) {
                    throw new TargetException(desired.address() + ": " + blocked.get());
                }
                for (CompileTarget t : targets(desired)) {
                    Map<String, Object> compiled = context.outputsOf(Address.of("compile", model + "." + t.id()));
                    if (compiled.get("zip") == null) {
                        throw new TargetException(desired.address() + ": compile." + model + "." + t.id()
                                + " has no packaged model yet; apply it first");
                    }
                    Path zip = Path.of(String.valueOf(compiled.get("zip")));
                    RenderedRecipe r = renderModel(packaging, desired, t, compiled);
                    publish(r, Map.of(zip.getFileName().toString(), zip), recipes, versions, desired, context);
                }
            }
        } catch (IOException | RecipeException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("versions", versions);
        out.put("recipes", recipes);
        return new ApplyOutcome.Done(out);
    }

    /** The model component recipe of one compile target, from the compile resource's record. */
    public static RenderedRecipe renderModel(Packaging packaging, Resource desired, CompileTarget t,
                                             Map<String, Object> compiled)
            throws IOException, RecipeException {
        String zip = Path.of(String.valueOf(compiled.get("zip"))).getFileName().toString();
        return ModelComponents.render(packaging.renderer(), desired, t, compiled, zip);
    }

    private void publish(RenderedRecipe r, Map<String, Path> files, Map<String, Object> recipes,
                         Map<String, Object> versions, Resource desired, ApplyContext context) throws IOException {
        boolean published = packaging.store().publish(r, files);
        context.progress().report(desired.address(), (published ? "published " : "already published ")
                + r.componentName() + " " + r.version());
        recipes.put(r.componentName(), packaging.store().dir(r.componentName(), r.version()).resolve("recipe.yaml").toString());
        versions.put(r.componentName(), r.version());
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    /** Published versions are immutable and may still run on devices: deleting the resource keeps them. */
    @Override
    public void delete(ResourceState prior, ApplyContext context) {
        context.progress().report(prior.address(), "component versions stay in the component store "
                + packaging.store().root() + " (published versions are immutable)");
    }

    static List<CompileTarget> targets(Resource desired) {
        return ModelComponents.targets(desired);
    }

    static String variant(Resource desired, CompileTarget t) {
        return ModelComponents.variant(desired, t);
    }
}
