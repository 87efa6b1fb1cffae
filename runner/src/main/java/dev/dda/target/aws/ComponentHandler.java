package dev.dda.target.aws;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.greengrassv2.model.CloudComponentState;
import software.amazon.awssdk.services.greengrassv2.model.DescribeComponentResponse;
import software.amazon.awssdk.services.greengrassv2.model.RecipeOutputFormat;

/**
 * {@code component.NAME}: a Greengrass component version. Artifacts are uploaded content-addressed (an object that
 * already carries the same SHA-256 is not uploaded again), then {@code CreateComponentVersion} publishes the
 * recipe; {@code REQUESTED} and {@code INITIATED} are pending, {@code DEPLOYABLE} is done, {@code FAILED} says why.
 * Publishing a recipe identical to the one already published for that version is a success, not an error.
 *
 * <p>The recipe comes from the resource: {@code recipe} (its text) and {@code artifacts} ({@code {s3Uri: localPath}}).
 */
final class ComponentHandler extends AwsHandler {
    private final Polling polling;

    ComponentHandler(AwsClients clients, Polling polling) {
        super(clients);
        this.polling = polling;
    }

    /** Name and version, read from the recipe itself so that they can never disagree with it. */
    record Recipe(String name, String version, String text, Map<String, Object> tree) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        // YAML is a superset of JSON: one parser reads recipes in either format
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(text);
        return tree instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Recipe recipe(Resource r) throws TargetException {
        String text = Attrs.str(r.attributes(), "recipe");
        if (text == null) {
            throw new TargetException(r.address() + ": no rendered recipe; the component needs its recipe "
                    + "(rendered from templates/greengrass) before it can be published");
        }
        try {
            Map<String, Object> tree = parse(text);
            return new Recipe(String.valueOf(tree.get("ComponentName")), String.valueOf(tree.get("ComponentVersion")),
                    text, tree);
        } catch (RuntimeException e) {
            throw new TargetException(r.address() + ": the recipe is not valid YAML/JSON: " + e.getMessage(), e);
        }
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
        if (desired.attributes().get("recipe") == null) {
            // the version is derived from the rendered recipe: until it is rendered, it is known after apply
            return Observation.absent();
        }
        Recipe recipe = recipe(desired);
        Optional<DescribeComponentResponse> d = describe(recipe);
        if (d.isEmpty()) {
            return Observation.absent();
        }
        CloudComponentState state = d.get().status().componentState();
        Map<String, Object> attrs = Map.of("arn", d.get().arn(), "name", recipe.name(), "version", recipe.version(),
                "state", d.get().status().componentStateAsString());
        String message = String.valueOf(d.get().status().message());
        return switch (state) {
            case DEPLOYABLE -> Observation.present(attrs);
            case FAILED -> new Observation(Observation.Presence.FAILED, attrs, message);
            default -> new Observation(Observation.Presence.IN_PROGRESS, attrs, message);
        };
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
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        return switch (actual.presence()) {
            case ABSENT -> change(desired, Action.CREATE, List.of("publish " + desired.address().name() + " "
                    + actual.attributes().getOrDefault("version", "")), actual, context);
            case IN_PROGRESS -> change(desired, Action.WAIT, List.of("component version is "
                    + actual.attributes().get("state")), actual, context);
            case FAILED -> change(desired, Action.REPLACE, List.of("published version FAILED: " + actual.detail()
                    + "; it is deleted and published again"), actual, context);
            case PRESENT -> change(desired, prior.isPresent() ? Action.NOOP : Action.REUSE,
                    prior.isPresent() ? List.of() : List.of("this version is already published and deployable"),
                    actual, context);
        };
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Recipe recipe = recipe(desired);
        uploadArtifacts(desired, context.specDirectory());
        GreengrassV2Client gg = greengrass();
        try {
            if (change.action() == Action.REPLACE) {
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
        return waitDeployable(desired, recipe, context);
    }

    /** A version that exists already is fine only when its recipe is this one. */
    private void requireSamePublished(Recipe recipe) throws TargetException {
        try {
            String published = greengrass().getComponent(b -> b.arn(arn(recipe))
                    .recipeOutputFormat(RecipeOutputFormat.YAML)).recipe().asUtf8String();
            if (!parse(published).equals(recipe.tree())) {
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
        return waitDeployable(r, recipe(r), context);
    }

    private ApplyOutcome waitDeployable(Resource desired, Recipe recipe, ApplyContext context) throws TargetException {
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
        return new ApplyOutcome.Done(outputs("arn", d.arn(), "name", recipe.name(), "version", recipe.version()));
    }

    /** Uploads each artifact unless the object there already has the file's SHA-256. */
    private void uploadArtifacts(Resource r, Path specDirectory) throws TargetException {
        for (Map.Entry<String, Object> a : Attrs.map(r.attributes(), "artifacts").entrySet()) {
            java.net.URI uri = java.net.URI.create(a.getKey());
            String bucket = uri.getHost();
            String key = uri.getPath().substring(1);
            Path file = specDirectory.resolve(String.valueOf(a.getValue()));
            try {
                LocalFile local = LocalFile.of(file.getFileName().toString(), file);
                String account = config().buckets().values().stream().filter(b -> b.name().equals(bucket))
                        .map(AwsConfig.BucketRef::account).findFirst().orElse(config().greengrassAccount());
                var s3 = clients.s3(account);
                String have = null;
                try {
                    have = s3.headObject(b -> b.bucket(bucket).key(key)).metadata().get(DatasetHandler.SHA_METADATA);
                } catch (SdkException e) {
                    if (status(e) != 404) {
                        throw e;
                    }
                }
                if (!local.sha256().equals(have)) {
                    s3.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of(DatasetHandler.SHA_METADATA,
                            local.sha256())), RequestBody.fromFile(file));
                }
            } catch (IOException | SdkException e) {
                throw new TargetException(r.address() + ": uploading artifact " + file + " to " + uri + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        Object arn = prior.outputs().get("arn");
        if (arn == null) {
            return;
        }
        try {
            greengrass().deleteComponent(b -> b.arn(String.valueOf(arn)));
        } catch (SdkException e) {
            if (status(e) != 404) {
                throw failure("greengrass:DeleteComponent " + arn, e);
            }
        }
    }
}
