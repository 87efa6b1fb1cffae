package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.ForceDestroy;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bucket.NAME}: a folder {@code ROOT/accounts/ID/buckets/NAME/} with {@code objects/} and the metadata
 * file {@code .bucket.json}. Someone editing that file, or deleting the folder, is drift: the plan names each
 * field that differs and apply puts it back.
 *
 * <p>Deleting a bucket that still holds objects is refused unless the bucket says {@code forceDestroy: true}
 * (Terraform's {@code force_destroy}): losing data must be asked for in the spec, not be a side effect.
 */
final class BucketHandler implements ResourceHandler {
    static final String METADATA = ".bucket.json";
    private final LocalTarget target;

    BucketHandler(LocalTarget target) {
        this.target = target;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        return observeAt(dir(desired, context));
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Optional<Path> dir = LocalFiles.recordedPath(prior);
        return dir.isEmpty() ? Observation.absent() : observeAt(dir.get());
    }

    private static Observation observeAt(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Observation.absent();
        }
        Path file = dir.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return new Observation(Observation.Presence.PRESENT, Map.of(), "metadata file " + file
                    + " is missing; it will be rewritten");
        }
        try {
            return Observation.present(LocalFiles.readJsonObject(file));
        } catch (IOException e) {
            return new Observation(Observation.Presence.PRESENT, Map.of(), "metadata file " + file
                    + " is not valid JSON (" + firstLine(e.getMessage()) + "); it will be rewritten");
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, Object> want;
        Path dir;
        try {
            dir = dir(desired, context);
            want = BucketMetadata.desired(desired, accountId(desired, context), target, context);
        } catch (TargetException e) {
            // observe already resolved the same names, so this cannot happen after a successful observe
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, Object> after = withPath(want, dir);
        if (!actual.exists()) {
            return created(desired, context, dir, prior, after);
        }
        Map<String, Object> before = withPath(actual.attributes(), dir);
        if (!actual.detail().isEmpty()) {
            return Changes.of(desired, context, Action.UPDATE, List.of(actual.detail()), before, after);
        }
        boolean specUnchanged = prior.map(p -> p.digest() != null
                && p.digest().equals(context.digest(desired.address()))).orElse(false);
        List<String> reasons = new ArrayList<>();
        for (String d : Trees.differences(actual.attributes(), want)) {
            reasons.add(specUnchanged ? d + " (changed outside dda)" : d);
        }
        return Changes.of(desired, context, reasons.isEmpty() ? Action.NOOP : Action.UPDATE, reasons, before,
                after);
    }

    private Change created(Resource desired, PlanContext context, Path dir, Optional<ResourceState> prior,
                           Map<String, Object> after) {
        Optional<String> priorPath = prior.flatMap(LocalFiles::recordedPath).map(Path::toString);
        if (priorPath.isPresent() && !priorPath.get().equals(dir.toString())) {
            return Changes.of(desired, context, Action.REPLACE, List.of("bucket moves from " + priorPath.get()
                    + " to " + dir + " (name or account changed): a new bucket is created and the old one "
                    + "deleted"), Map.of("path", priorPath.get()), after);
        }
        String why = Changes.wasApplied(prior)
                ? "bucket folder " + dir + " was deleted outside dda; it will be recreated (empty)"
                : "bucket " + after.get("name") + " does not exist yet";
        return Changes.of(desired, context, Action.CREATE, List.of(why), Map.of(), after);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Path dir = dir(desired, context);
        Map<String, Object> metadata = BucketMetadata.desired(desired, accountId(desired, context), target,
                context);
        try {
            Files.createDirectories(LocalTarget.objectsDir(dir));
            LocalFiles.writeJson(dir.resolve(METADATA), metadata);
        } catch (IOException e) {
            throw new TargetException("cannot write bucket " + dir + ": " + e.getMessage(), e);
        }
        Object old = change.before().get("path");
        if (change.action() == Action.REPLACE && old != null && !old.equals(dir.toString())) {
            deleteFolder(Path.of(String.valueOf(old)), ForceDestroy.set(desired.attributes()),
                    desired.address().toString());
        }
        return new ApplyOutcome.Done(outputs(desired, dir, accountId(desired, context)));
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    @Override
    public List<String> deleteConsequences(ResourceState prior) {
        return ForceDestroy.consequences(prior);
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        Optional<Path> dir = LocalFiles.recordedPath(prior);
        if (dir.isPresent()) {
            deleteFolder(dir.get(), ForceDestroy.set(prior.attributes()), prior.address().toString());
        }
    }

    private static void deleteFolder(Path dir, boolean force, String address) throws TargetException {
        try {
            Path objects = LocalTarget.objectsDir(dir);
            if (!force && LocalFiles.hasFiles(objects)) {
                List<String> some;
                try (var walk = Files.walk(objects)) {
                    some = walk.filter(Files::isRegularFile).limit(3)
                            .map(p -> LocalFiles.relative(objects, p)).toList();
                }
                throw new TargetException(address + ": bucket " + dir + " is not empty (e.g. " + String.join(", ",
                        some) + "); empty it, or set forceDestroy: true on the bucket to delete its objects with it");
            }
            LocalFiles.deleteRecursively(dir);
        } catch (IOException e) {
            throw new TargetException("cannot delete bucket " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path dir(Resource desired, PlanContext context) throws TargetException {
        return target.bucketDir(accountId(desired, context), Trees.string(desired.attributes(), "name"));
    }

    private String accountId(Resource desired, PlanContext context) throws TargetException {
        return target.accountId(Trees.string(desired.attributes(), "account"), context);
    }

    private static Map<String, Object> withPath(Map<String, Object> m, Path dir) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put("path", dir.toString());
        return out;
    }

    private static Map<String, Object> outputs(Resource desired, Path dir, String accountId) {
        String name = Trees.string(desired.attributes(), "name");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("account", Trees.string(desired.attributes(), "account"));
        out.put("accountId", accountId);
        out.put("path", dir.toString());
        out.put("objects", LocalTarget.objectsDir(dir).toString());
        out.put("uri", "s3://" + name + "/");
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
