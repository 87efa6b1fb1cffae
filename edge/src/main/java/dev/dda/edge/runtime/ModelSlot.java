package dev.dda.edge.runtime;

import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model name: the version serving now, and loads that replace it. A load builds and warms the new version
 * beside the old one; only a model that loaded and warmed is swapped in (one atomic reference write), and the
 * old one is released, to be closed when its last in-flight request finishes. A failed load leaves the old one
 * serving and records why.
 *
 * <p>An unload may be asked to happen later: a Greengrass model component's Shutdown asks for one, and the next
 * version's Startup then loads while the old version still serves, so a model update never leaves a gap of 503s.
 * Any load or unload asked meanwhile cancels it; a rollback, which loads the old version again, does too.
 */
final class ModelSlot {
    private final String name;
    private final AtomicReference<LoadedModel> serving = new AtomicReference<>();
    private final Object loadLock = new Object();
    private volatile String loadingVersion;
    private volatile String failedVersion;
    private volatile String reason;
    /** Bumped by every load and unload asked; a delayed unload acts only if nothing was asked since it. */
    private long requests;
    private Instant unloadAt;

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
        asked();
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
        asked();
        synchronized (loadLock) {
            stopServing();
            return status();
        }
    }

    /** Stops serving after {@code delay}, unless a load or another unload is asked before then. */
    ModelStatus unloadAfter(Duration delay, ScheduledExecutorService timer) {
        long asked;
        synchronized (this) {
            asked = ++requests;
            unloadAt = Instant.now().plus(delay);
        }
        timer.schedule(() -> {
            // the load lock first: a load asked while this waits for it has bumped the count, and wins
            synchronized (loadLock) {
                synchronized (this) {
                    if (requests != asked) {
                        return;
                    }
                    unloadAt = null;
                }
                stopServing();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        return status();
    }

    /** Cancels a delayed unload: what is asked now supersedes it. */
    private synchronized void asked() {
        requests++;
        unloadAt = null;
    }

    /** Under the load lock. */
    private void stopServing() {
        LoadedModel old = serving.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }

    ModelStatus status() {
        LoadedModel m = serving.get();
        String loading = loadingVersion;
        ModelState state = m != null ? ModelState.READY : loading != null ? ModelState.LOADING : ModelState.UNAVAILABLE;
        Instant at;
        synchronized (this) {
            at = unloadAt;
        }
        return new ModelStatus(name, state, m == null ? null : m.manifest().version(), loading, failedVersion, reason,
                at == null ? null : at.toString());
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
