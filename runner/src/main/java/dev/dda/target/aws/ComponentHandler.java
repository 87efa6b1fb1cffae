package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.ComponentVersions;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import dev.dda.target.aws.Publications.Publication;
import dev.dda.target.aws.Publications.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.greengrassv2.model.CloudComponentState;
import software.amazon.awssdk.services.greengrassv2.model.DescribeComponentResponse;
import software.amazon.awssdk.services.greengrassv2.model.RecipeOutputFormat;

/**
 * {@code component.NAME}: Greengrass component versions, rendered from {@code templates/greengrass/} by the
 * packaging shared with the local target ({@link Publications}): the edge service, or one model component per
 * compile target with a HARD dependency on it. Artifacts are uploaded content-addressed (an object that already
 * carries the same SHA-256 is not uploaded again; a model's ZIP was uploaded by its compile and is only verified),
 * then {@code CreateComponentVersion} publishes the recipe inline; {@code REQUESTED} and {@code INITIATED} are
 * pending, {@code DEPLOYABLE} is done, {@code FAILED} says why. A recipe identical to the one already published for
 * that version is a success, not an error. A resource may also carry a hand-written {@code recipe} (checked too).
 */
final class ComponentHandler extends AwsHandler {
    private final Polling polling;
    private final Publications publications;

    ComponentHandler(AwsClients clients, Polling polling, Publications publications) {
        super(clients);
        this.polling = polling;
        this.publications = publications;
    }

    private String arn(Recipe recipe) {
        AccountRef account = config().account(config().greengrassAccount());
        return "arn:aws:greengrass:" + config().region() + ":" + account.id() + ":components:" + recipe.name()
                + ":versions:" + recipe.version();
    }

    private GreengrassV2Client greengrass() {
        return clients.greengrass(config().greengrassAccount());
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> versions = new TreeMap<>();
        Map<String, Object> states = new TreeMap<>();
        Observation.Presence presence = Observation.Presence.PRESENT;
        String detail = "";
        for (Publication p : publications.of(desired, context, false)) {
            versions.put(p.name(), p.version());
            Optional<DescribeComponentResponse> d = p.recipe() == null ? Optional.empty() : describe(p.recipe());
            CloudComponentState s = d.map(x -> x.status().componentState()).orElse(null);
            states.put(p.name(), d.map(x -> x.status().componentStateAsString()).orElse("ABSENT"));
            if (s == CloudComponentState.FAILED) {
                presence = Observation.Presence.FAILED;
                detail = p.name() + ": " + d.get().status().message();
            } else if (s == null && presence != Observation.Presence.FAILED) {
                presence = Observation.Presence.ABSENT;
            } else if (s != CloudComponentState.DEPLOYABLE && presence == Observation.Presence.PRESENT) {
                presence = Observation.Presence.IN_PROGRESS;
            }
        }
        return new Observation(presence, Map.of("versions", versions, "states", states), detail);
    }

    private Optional<DescribeComponentResponse> describe(Recipe recipe) throws TargetException {
        try {
            return Optional.of(greengrass().describeComponent(b -> b.arn(arn(recipe))));
        } catch (SdkException e) {
            if (status(e) == 404 || isCode(e, "ResourceNotFoundException")) {
                return Optional.empty();
            }
            throw failure("greengrass:DescribeComponent " + arn(recipe), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, Object> versions = (Map<String, Object>) actual.attributes().getOrDefault("versions", Map.of());
        Map<String, Object> before = prior.map(p -> p.outputs().get("versions")).filter(Map.class::isInstance)
                .map(v -> (Map<String, Object>) v).orElse(Map.of());
        Action action = switch (actual.presence()) {
            case ABSENT -> prior.isPresent() ? Action.UPDATE : Action.CREATE;
            case IN_PROGRESS -> Action.WAIT;
            case FAILED -> Action.REPLACE;
            case PRESENT -> before.equals(versions) ? Action.NOOP : Action.REUSE;
        };
        List<String> reasons = new ArrayList<>();
        if (action == Action.REUSE) { // nothing is new: say which versions exist already
            versions.forEach((name, version) -> reasons.add(name + " " + version + " is already published and "
                    + "deployable: recorded, not published again"));
        } else {
            String why = ComponentVersions.isEdgeService(desired.address()) ? "edge service build changed"
                    : "model changed";
            reasons.addAll(ComponentVersions.changes(versions, before, why));
        }
        if (action == Action.WAIT) {
            reasons.add("publishing: " + actual.attributes().get("states"));
        } else if (action == Action.REPLACE) {
            reasons.add("published version FAILED: " + actual.detail() + "; it is deleted and published again");
        }
        return change(desired, action, reasons, prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, Object> versions = new TreeMap<>();
        Map<String, Object> arns = new TreeMap<>();
        Map<String, Object> recipes = new TreeMap<>();
        for (Publication p : publications.of(desired, context, true)) {
            if (p.recipe() == null) {
                throw new TargetException(desired.address() + ": " + p.name() + " cannot be rendered yet: " + p.why()
                        + "; apply it first");
            }
            upload(desired, p, context);
            publish(change, p.recipe());
            DescribeComponentResponse d = waitDeployable(desired, p.recipe(), context);
            versions.put(p.name(), p.recipe().version());
            arns.put(p.name(), d.arn());
            recipes.put(p.name(), p.recipe().text());
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("versions", versions);
        out.put("arns", arns);
        out.put("recipes", recipes);
        return new ApplyOutcome.Done(out);
    }

    private void publish(Change change, Recipe recipe) throws TargetException {
        GreengrassV2Client gg = greengrass();
        try {
            if (change.action() == Action.REPLACE && describe(recipe).map(d -> d.status().componentState()
                    == CloudComponentState.FAILED).orElse(false)) {
                gg.deleteComponent(b -> b.arn(arn(recipe)));
            }
            gg.createComponentVersion(b -> b.inlineRecipe(SdkBytes.fromUtf8String(recipe.text()))
                    .tags(Map.of("dda-portal:managed", "true", "dda:pipeline", config().pipeline())));
        } catch (SdkException e) {
            if (!isCode(e, "ConflictException")) {
                throw failure("greengrass:CreateComponentVersion " + recipe.name() + " " + recipe.version(), e);
            }
            requireSamePublished(recipe);
        }
    }

    /** A version that exists already is fine only when its recipe is this one. */
    private void requireSamePublished(Recipe recipe) throws TargetException {
        try {
            String published = greengrass().getComponent(b -> b.arn(arn(recipe))
                    .recipeOutputFormat(RecipeOutputFormat.YAML)).recipe().asUtf8String();
            if (!Recipe.of(published).tree().equals(recipe.tree())) {
                throw new TargetException("component " + recipe.name() + " " + recipe.version() + " is already "
                        + "published with a different recipe; versions are immutable: change an input so that "
                        + "dda derives a new version");
            }
        } catch (RuntimeException e) {
            throw new TargetException("comparing the published recipe of " + arn(recipe) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource r = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return apply(new Change(r.address(), Action.REUSE, List.of(), Map.of(), Map.of(), java.util.Set.of(),
                change.digest()), r, context);
    }

    private DescribeComponentResponse waitDeployable(Resource desired, Recipe recipe, ApplyContext context)
            throws TargetException {
        DescribeComponentResponse d = polling.until(() -> {
            DescribeComponentResponse now = describe(recipe).orElseThrow(() -> new TargetException(
                    "component " + arn(recipe) + " disappeared while publishing"));
            CloudComponentState s = now.status().componentState();
            if (s == CloudComponentState.DEPLOYABLE || s == CloudComponentState.FAILED) {
                return now;
            }
            context.progress().report(desired.address(), recipe.name() + " " + recipe.version() + ": " + s);
            return null;
        });
        if (d.status().componentState() == CloudComponentState.FAILED) {
            throw new TargetException(desired.address() + ": Greengrass rejected " + recipe.name() + " "
                    + recipe.version() + ": " + d.status().message() + " " + d.status().errors());
        }
        return d;
    }

    /** Uploads each artifact unless its object already has the digest; one uploaded by compile is only checked. */
    private void upload(Resource r, Publication p, ApplyContext context) throws TargetException {
        for (Map.Entry<String, Path> a : p.uploads().entrySet()) {
            String sha = p.digests().get(a.getKey());
            try {
                if (a.getValue() == null) {
                    if (!publications.artifacts().storedSha256(a.getKey()).filter(sha::equals).isPresent()) {
                        throw new TargetException(r.address() + ": artifact " + a.getKey() + " is missing or holds "
                                + "other content; apply the model's compile again");
                    }
                } else if (publications.artifacts().put(a.getKey(), a.getValue(), sha)) {
                    context.progress().report(r.address(), "uploaded " + a.getKey());
                }
            } catch (SdkException e) {
                throw failure("uploading artifact " + a.getValue() + " to " + a.getKey(), e);
            }
        }
    }


    /** Published versions are immutable and may still run on devices; only a hand-written one is deleted. */
    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        if (prior.outputs().get("arns") instanceof Map<?, ?> arns && prior.attributes().get("recipe") != null) {
            for (Object arn : arns.values()) {
                try {
                    greengrass().deleteComponent(b -> b.arn(String.valueOf(arn)));
                } catch (SdkException e) {
                    if (status(e) != 404) {
                        throw failure("greengrass:DeleteComponent " + arn, e);
                    }
                }
            }
        } else {
            context.progress().report(prior.address(), "published component versions stay in Greengrass "
                    + "(immutable; devices may still run them)");
        }
    }
}
