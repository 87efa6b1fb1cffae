package dev.dda.edge.runtime;

import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model name: the version serving now, and loads that replace it. A load builds and warms the new version
 * beside the old one; only a model that loaded and warmed is swapped in (one atomic reference write), and the
 * old one is released, to be closed when its last in-flight request finishes. A failed load leaves the old one
 * serving and records why.
 */
final class ModelSlot {
    private final String name;
    private final AtomicReference<LoadedModel> serving = new AtomicReference<>();
    private final Object loadLock = new Object();
    private volatile String loadingVersion;
    private volatile String failedVersion;
    private volatile String reason;

    ModelSlot(String name) {
        this.name = name;
    }

    /** A retained model; the caller must {@link LoadedModel#release()} it. */
    LoadedModel acquire() throws ModelNotReadyException {
        for (;;) {
            LoadedModel m = serving.get();
            if (m == null) {
                ModelStatus s = status();
                throw new ModelNotReadyException(s, "model " + name + " is not ready (" + describe(s) + ")");
            }
            if (m.retain()) {
                return m;
            }
            // retired between the read and the retain: the replacement is already in place, read again
            Thread.onSpinWait();
        }
    }

    LoadedModel peek() {
        return serving.get();
    }

    /** Loads {@code version} (the newest in the repository when null) and swaps it in. Serialised per name. */
    ModelStatus load(ModelRepository repo, String version, int warmUpCalls)
            throws ModelPackageException {
        synchronized (loadLock) {
            String v = version;
            try {
                if (v == null) {
                    v = repo.latest(name).orElseThrow(() ->
                            new ModelPackageException("model " + name + " has no versions in " + repo.root()));
                }
                loadingVersion = v;
                LoadedModel fresh = LoadedModel.load(repo.open(name, v));
                try {
                    fresh.warmUp(warmUpCalls);
                } catch (RuntimeException e) {
                    fresh.release();
                    throw new ModelPackageException(name + "/" + v + ": warm-up inference failed: " + e.getMessage(), e);
                }
                LoadedModel old = serving.getAndSet(fresh);
                failedVersion = null;
                reason = null;
                // done loading before the status is taken, or the answer would say the load still runs
                loadingVersion = null;
                if (old != null) {
                    old.release();
                }
                return status();
            } catch (ModelPackageException | java.io.IOException | RuntimeException e) {
                failedVersion = v;
                reason = e.getMessage();
                if (e instanceof ModelPackageException mpe) {
                    throw mpe;
                }
                throw new ModelPackageException(name + ": load failed: " + e.getMessage(), e);
            } finally {
                loadingVersion = null;
            }
        }
    }

    /** Stops serving; in-flight requests finish on the old session, which closes after them. */
    ModelStatus unload() {
        synchronized (loadLock) {
            LoadedModel old = serving.getAndSet(null);
            if (old != null) {
                old.release();
            }
            return status();
        }
    }

    ModelStatus status() {
        LoadedModel m = serving.get();
        String loading = loadingVersion;
        ModelState state = m != null ? ModelState.READY : loading != null ? ModelState.LOADING : ModelState.UNAVAILABLE;
        return new ModelStatus(name, state, m == null ? null : m.manifest().version(), loading, failedVersion, reason);
    }

    static String describe(ModelStatus s) {
        if (s.loadingVersion() != null) {
            return "loading version " + s.loadingVersion();
        }
        if (s.reason() != null) {
            return "last load failed: " + s.reason();
        }
        return "not loaded";
    }
}
