package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code account.NAME}: a namespace folder {@code ROOT/accounts/ID/} with a small {@code .account.json} (id,
 * name, role). External IDs and other secrets are never written: locally there is nothing to assume.
 */
final class AccountHandler implements ResourceHandler {
    private static final String FILE = ".account.json";
    private final LocalTarget target;

    AccountHandler(LocalTarget target) {
        this.target = target;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        return observeAt(target.accountDir(id(desired.attributes())));
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Optional<Path> dir = LocalFiles.recordedPath(prior);
        return dir.isEmpty() ? Observation.absent() : observeAt(dir.get());
    }

    private static Observation observeAt(Path dir) throws TargetException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Observation.absent();
        }
        try {
            return Observation.present(LocalFiles.readJsonObject(file));
        } catch (IOException e) {
            return new Observation(Observation.Presence.PRESENT, Map.of(), file + " is unreadable: " + e.getMessage());
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, Object> want = record(desired);
        if (!actual.exists()) {
            String why = Changes.wasApplied(prior) ? "account folder was removed outside dda; it will be recreated"
                    : "account namespace " + want.get("id") + " does not exist yet";
            return Changes.of(desired, context, Action.CREATE, List.of(why), Map.of(), want);
        }
        List<String> reasons = Trees.differences(actual.attributes(), want);
        if (!actual.detail().isEmpty()) {
            reasons = List.of(actual.detail());
        }
        return Changes.of(desired, context, reasons.isEmpty() ? Action.NOOP : Action.UPDATE, reasons,
                actual.attributes(), want);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Path dir = target.accountDir(id(desired.attributes()));
        try {
            Files.createDirectories(dir.resolve("buckets"));
            LocalFiles.writeJson(dir.resolve(FILE), record(desired));
        } catch (IOException e) {
            throw new TargetException("cannot create account folder " + dir + ": " + e.getMessage(), e);
        }
        return new ApplyOutcome.Done(outputs(desired, dir));
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        LocalFiles.atRecordedPath(prior, "delete account folder", dir -> {
            Path buckets = dir.resolve("buckets");
            if (Files.isDirectory(buckets)) {
                try (var list = Files.list(buckets)) {
                    List<String> left = list.map(p -> p.getFileName().toString()).sorted().toList();
                    if (!left.isEmpty()) {
                        throw new TargetException(prior.address() + ": account folder " + dir
                                + " still holds buckets " + left + "; delete those buckets first");
                    }
                }
            }
            LocalFiles.deleteRecursively(dir);
        });
    }

    private static String id(Map<String, Object> attributes) {
        return String.valueOf(attributes.get("id"));
    }

    /** What the account file holds: never the External ID. */
    private static Map<String, Object> record(Resource desired) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id(desired.attributes()));
        out.put("name", desired.address().name());
        Object role = desired.attributes().get("role");
        if (role != null) {
            out.put("role", String.valueOf(role));
        }
        return out;
    }

    private static Map<String, Object> outputs(Resource desired, Path dir) {
        return Map.of("id", id(desired.attributes()), "name", desired.address().name(), "path", dir.toString());
    }
}
