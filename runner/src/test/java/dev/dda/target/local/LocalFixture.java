package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Digests;
import dev.dda.json.Json;
import dev.dda.plan.Change;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SourceLocation;
import dev.dda.state.Lease;
import dev.dda.state.LeaseLock;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import dev.dda.state.StateStore;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.Progress;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A few lines of engine for handler tests: the engine's digests and content keys, prior state kept in memory,
 * observe → diff → apply in the order the test asks for. The real engine is tested on its own.
 */
final class LocalFixture implements ApplyContext {
    final Path root;
    final Path specDir;
    final Map<String, Object> document = new LinkedHashMap<>();
    final Map<Address, ResourceState> state = new TreeMap<>();
    final Map<Address, Resource> resources = new HashMap<>();
    final List<String> progress = new ArrayList<>();
    final List<String> intents = new ArrayList<>();
    LocalTarget target;

    LocalFixture(Path root, Path specDir) {
        this.root = root;
        this.specDir = specDir;
    }

    /** (Re)opens the target over the current document, as the CLI does for every command. */
    LocalTarget open() {
        LoadedSpec spec = new LoadedSpec(specDir.resolve("dda-pipeline.yaml"), "test", "local", "us-east-1",
                document, "hash", Map.of());
        target = new LocalTarget(root, spec, new MemoryStateStore(), new NoLock());
        return target;
    }

    /** Writes a file under the spec folder's {@code data/} (the dataset source of these tests). */
    Path writeSource(String rel, String content) throws java.io.IOException {
        Path p = specDir.resolve("data").resolve(rel);
        java.nio.file.Files.createDirectories(p.getParent());
        return java.nio.file.Files.writeString(p, content);
    }

    /**
     * A source with three "images" in {@code normal/} and three in {@code anomaly/}, and account.local and
     * bucket.data (named {@code bucketName}) declared and applied.
     */
    Path sourceAccountAndBucket(String bucketName) throws Exception {
        for (int i = 1; i <= 3; i++) {
            writeSource("normal/" + i + ".png", "normal " + i);
            writeSource("anomaly/" + i + ".png", "anomaly " + i);
        }
        section("accounts").put("local", Map.of("id", "000000000000"));
        section("buckets").put("data", Map.of("account", "local", "name", bucketName));
        apply(resource("account.local", Map.of("id", "000000000000")));
        apply(resource("bucket.data", Map.of("account", "local", "name", bucketName), "account.local"));
        return specDir.resolve("data");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) document.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    Resource resource(String address, Map<String, Object> attributes, String... deps) {
        Set<Address> d = new java.util.TreeSet<>();
        for (String s : deps) {
            d.add(Address.parse(s));
        }
        Resource r = new Resource(Address.parse(address), attributes, d, false,
                SourceLocation.unknown("dda-pipeline.yaml"));
        resources.put(r.address(), r);
        return r;
    }

    ResourceHandler handler(Resource r) {
        if (target == null) {
            open();
        }
        return target.handler(r.kind()).orElseThrow();
    }

    Observation observe(Resource r) throws TargetException {
        return handler(r).observe(r, prior(r), this);
    }

    Change plan(Resource r) throws TargetException {
        return handler(r).diff(r, observe(r), prior(r), this);
    }

    /** Plans and applies one resource and records its state, as the engine would. */
    ApplyOutcome apply(Resource r) throws TargetException {
        Change c = plan(r);
        ApplyOutcome out = handler(r).apply(c, r, this);
        state.put(r.address(), new ResourceState(r.address(), ResourceState.Status.APPLIED, digest(r.address()),
                Json.redact(r.attributes()), out.outputs(), jobRef(out), Instant.now()));
        return out;
    }

    void delete(Resource r) throws TargetException {
        handler(r).delete(state.remove(r.address()), this);
    }

    private static String jobRef(ApplyOutcome out) {
        return out instanceof ApplyOutcome.Pending p ? p.jobRef() : (String) out.outputs().get("jobName");
    }

    Optional<ResourceState> prior(Resource r) {
        return Optional.ofNullable(state.get(r.address()));
    }

    @Override
    public String pipeline() {
        return "test";
    }

    @Override
    public Path specDirectory() {
        return specDir;
    }

    @Override
    public String digest(Address address) {
        return Digests.of(ResourceGraph.of(resources.values())).get(address);
    }

    @Override
    public String contentKey(Address address) {
        return Digests.contentKeys(ResourceGraph.of(resources.values())).get(address);
    }

    @Override
    public java.util.Optional<Map<String, Object>> desiredAttributes(Address address) {
        return java.util.Optional.ofNullable(resources.get(address)).map(Resource::attributes);
    }

    @Override
    public Map<String, Object> outputsOf(Address address) {
        ResourceState s = state.get(address);
        return s == null ? Map.of() : s.outputs();
    }

    @Override
    public String gitCommit() {
        return null;
    }

    @Override
    public Progress progress() {
        return (address, message) -> progress.add(address + ": " + message);
    }

    @Override
    public boolean noWait() {
        return false;
    }

    @Override
    public void recordIntent(Address address, String jobRef) {
        intents.add(address + "=" + jobRef);
    }

    /** The state store double: the local target only hands it out; the engine's FileStateStore is tested there. */
    static final class MemoryStateStore implements StateStore {
        private State state;

        @Override
        public Optional<State> load() {
            return Optional.ofNullable(state);
        }

        @Override
        public void save(State next) {
            state = next;
        }
    }

    static final class NoLock implements LeaseLock {
        @Override
        public Lease acquire(String operation, Duration ttl) {
            return new Lease("1", "test", "localhost", 1, operation, Instant.now(), Instant.now().plus(ttl));
        }

        @Override
        public Lease renew(Lease lease, Duration ttl) {
            return lease;
        }

        @Override
        public void release(Lease lease) {
        }

        @Override
        public Optional<Lease> current() {
            return Optional.empty();
        }

        @Override
        public Optional<Lease> forceRelease() {
            return Optional.empty();
        }
    }
}
