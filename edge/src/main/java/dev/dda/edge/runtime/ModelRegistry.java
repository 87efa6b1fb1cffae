package dev.dda.edge.runtime;

import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The models this server knows: a slot per name of the repository, each serving at most one version. */
public final class ModelRegistry implements AutoCloseable {
    private final ModelRepository repository;
    private final int warmUpCalls;
    private final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
    /** Names asked to be loaded at start: readiness waits for them. */
    private final List<String> expected = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        ModelSlot s = slots.get(name);
        if (s == null) {
            throw new UnknownModelException(name);
        }
        expected.remove(name);
        return s.unload();
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
