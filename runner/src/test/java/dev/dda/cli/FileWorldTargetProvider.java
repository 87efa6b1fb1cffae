package dev.dda.cli;

import dev.dda.graph.Resource;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.spec.LoadedSpec;
import dev.dda.state.FileLeaseLock;
import dev.dda.state.FileStateStore;
import dev.dda.state.LeaseLock;
import dev.dda.state.ResourceState;
import dev.dda.state.StateStore;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import dev.dda.target.TargetOptions;
import dev.dda.target.TargetProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test target whose "world" is one JSON file per resource under the root, so that it survives a killed
 * process. It answers to the name {@code local} only while the system property {@code dda.test.fakeTarget} is
 * set (so the real local target serves every other test); {@code dda.test.latencyMs} slows each apply down.
 * A create that finds its resource already there is recorded in {@code ROOT/duplicates.log}: that would mean
 * something was done twice.
 */
public final class FileWorldTargetProvider implements TargetProvider {
    public static final String ACTIVE = "dda.test.fakeTarget";

    @Override
    public String name() {
        return System.getProperty(ACTIVE) != null ? "local" : "test-file-world";
    }

    @Override
    public Target open(LoadedSpec spec, TargetOptions options) {
        return new FileWorld(options.localRoot());
    }

    static Path worldFile(Path root, String address) {
        return root.resolve("world").resolve(address + ".json");
    }

    private static final class FileWorld implements Target {
        private final Path root;
        private final FileStateStore store;
        private final FileLeaseLock lock;

        FileWorld(Path root) {
            this.root = root;
            this.store = new FileStateStore(root.resolve("state.json"));
            this.lock = new FileLeaseLock(root.resolve("state.lock"));
        }

        @Override
        public String name() {
            return "local";
        }

        @Override
        public Optional<ResourceHandler> handler(String kind) {
            return kind.equals("training") ? Optional.empty() : Optional.of(new Handler(root));
        }

        @Override
        public StateStore stateStore() {
            return store;
        }

        @Override
        public LeaseLock lock() {
            return lock;
        }
    }

    private record Handler(Path root) implements ResourceHandler {
        @Override
        public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
                throws TargetException {
            return read(desired.address().toString());
        }

        private Observation read(String address) throws TargetException {
            Path f = worldFile(root, address);
            try {
                return Files.exists(f) ? Observation.present(Json.mapper().readValue(f.toFile(), Map.class))
                        : Observation.absent();
            } catch (IOException e) {
                throw new TargetException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
            return read(prior.address().toString());
        }

        @Override
        public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext ctx) {
            Map<String, Object> want = Json.redact(desired.attributes());
            Action action = !actual.exists() ? Action.CREATE
                    : Json.canonical(actual.attributes()).equals(Json.canonical(want)) ? Action.NOOP : Action.UPDATE;
            List<String> reasons = action == Action.CREATE ? List.of("does not exist")
                    : action == Action.UPDATE ? List.of("attributes differ") : List.of();
            return new Change(desired.address(), action, reasons, actual.exists() ? actual.attributes() : null, want,
                    desired.dependsOn(), ctx.digest(desired.address()));
        }

        @Override
        public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
            try {
                Thread.sleep(Long.getLong("dda.test.latencyMs", 0));
                Path f = worldFile(root, change.address().toString());
                Files.createDirectories(f.getParent());
                byte[] content = Json.mapper().writeValueAsBytes(Json.redact(desired.attributes()));
                if (change.action() == Action.CREATE) {
                    Path tmp = Files.createTempFile(f.getParent(), "new", ".tmp");
                    Files.write(tmp, content);
                    try {
                        Files.createLink(f, tmp); // atomic, complete, and fails when it is already there
                    } catch (FileAlreadyExistsException e) {
                        Files.writeString(root.resolve("duplicates.log"), change.address() + "\n",
                                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        throw new TargetException(change.address() + " was created twice");
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                } else if (change.action() != Action.NOOP && change.action() != Action.REUSE) {
                    Files.write(f, content);
                }
                return new ApplyOutcome.Done(Map.of("path", f.toString()));
            } catch (IOException e) {
                throw new TargetException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted", e);
            }
        }

        @Override
        public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
            throw new UnsupportedOperationException("this target has no jobs");
        }

        @Override
        public void delete(ResourceState prior, ApplyContext context) throws TargetException {
            try {
                Files.deleteIfExists(worldFile(root, prior.address().toString()));
            } catch (IOException e) {
                throw new TargetException(e.getMessage(), e);
            }
        }
    }
}
