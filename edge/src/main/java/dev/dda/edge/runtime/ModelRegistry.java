package dev.dda.edge.runtime;

import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The models this server knows: a slot per name of the repository, each serving at most one version. */
public final class ModelRegistry implements AutoCloseable {
    private final ModelRepository repository;
    private final int warmUpCalls;
    private final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
    /** Names asked to be loaded at start: readiness waits for them. */
    private final List<String> expected = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Runs unloads asked with a delay; one daemon thread, idle but for them. */
    private final ScheduledExecutorService unloads = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edge-unload");
        t.setDaemon(true);
        return t;
    });

    public ModelRegistry(ModelRepository repository, int warmUpCalls) {
        this.repository = repository;
        this.warmUpCalls = warmUpCalls;
    }

    public ModelRepository repository() {
        return repository;
    }

    public void expect(String name) {
        if (!expected.contains(name)) {
            expected.add(name);
        }
        slot(name);
    }

    private ModelSlot slot(String name) {
        if (!ModelRepository.validSegment(name)) {
            throw new IllegalArgumentException("not a model name: " + name);
        }
        return slots.computeIfAbsent(name, ModelSlot::new);
    }

    /** Loads a version (newest when null) of a model in the repository, replacing the serving one on success. */
    public ModelStatus load(String name, String version) throws ModelPackageException {
        if (!ModelRepository.validSegment(name) || (version != null && !ModelRepository.validSegment(version))) {
            throw new ModelPackageException("model name and version must be plain names (letters, digits, . _ -)");
        }
        try {
            if (repository.versions(name).isEmpty() && !slots.containsKey(name)) {
                throw new UnknownModelException(name);
            }
        } catch (IOException e) {
            throw new ModelPackageException("cannot read repository " + repository.root() + ": " + e.getMessage(), e);
        }
        return slot(name).load(repository, version, warmUpCalls);
    }

    public ModelStatus unload(String name) {
        return unload(name, Duration.ZERO);
    }

    /**
     * Stops serving a model now, or after {@code delay} unless it is loaded (or unloaded) again before then: what a
     * model update needs, whose old version is unloaded just before the new one is loaded.
     */
    public ModelStatus unload(String name, Duration delay) {
        ModelSlot s = slots.get(name);
        if (s == null) {
            throw new UnknownModelException(name);
        }
        expected.remove(name);
        return delay.isZero() ? s.unload() : s.unloadAfter(delay, unloads);
    }

    /** A retained model for one request; release it when done. */
    public LoadedModel acquire(String name) throws ModelNotReadyException {
        ModelSlot s = slots.get(name);
        if (s == null) {
            throw new UnknownModelException(name);
        }
        return s.acquire();
    }

    public ModelStatus status(String name) {
        ModelSlot s = slots.get(name);
        if (s == null) {
            throw new UnknownModelException(name);
        }
        return s.status();
    }

    public boolean known(String name) {
        return slots.containsKey(name);
    }

    /** The serving model of a name without retaining it (for metadata), or null. */
    public LoadedModel peek(String name) {
        ModelSlot s = slots.get(name);
        return s == null ? null : s.peek();
    }

    public List<ModelStatus> statuses() {
        List<ModelStatus> out = new ArrayList<>();
        new TreeMap<>(slots).values().forEach(s -> out.add(s.status()));
        return out;
    }

    /** Names that serve now. */
    public List<String> serving() {
        List<String> out = new ArrayList<>();
        for (ModelStatus s : statuses()) {
            if (s.servingVersion() != null) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** Ready: at least one model, and every model asked for at start serves. */
    public boolean ready() {
        List<String> serving = serving();
        return !serving.isEmpty() && serving.containsAll(expected);
    }

    @Override
    public void close() {
        unloads.shutdownNow();
        slots.values().forEach(ModelSlot::unload);
    }

    /** A name neither in the repository nor loaded. */
    public static final class UnknownModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnknownModelException(String name) {
            super("unknown model " + name);
        }
    }
}
