package dev.dda.apply;

import dev.dda.state.Lease;
import dev.dda.state.LeaseLock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the lock for a whole run and renews it in the background every third of its time to live, so a long
 * wait for a job never lets the lease expire under us. A failed renewal (the lease was taken over) is kept for
 * the walk to stop on.
 */
final class LeaseKeeper implements AutoCloseable {
    private final LeaseLock lock;
    private final Duration ttl;
    private final AtomicReference<Lease> lease = new AtomicReference<>();
    private final AtomicReference<String> lost = new AtomicReference<>();
    private final ScheduledExecutorService renewer;

    LeaseKeeper(LeaseLock lock, String operation, Duration ttl) throws IOException {
        this.lock = lock;
        this.ttl = ttl;
        lease.set(lock.acquire(operation, ttl));
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dda-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (lost.get() != null) {
            return;
        }
        try {
            lease.set(lock.renew(lease.get(), ttl));
        } catch (IOException | RuntimeException e) {
            lost.set("the lock lease could not be renewed: " + e.getMessage());
        }
    }

    /** Why the lease is no longer ours, or null while we hold it. */
    String lostReason() {
        return lost.get();
    }

    @Override
    public void close() throws IOException {
        renewer.shutdownNow();
        if (lost.get() == null) {
            lock.release(lease.get());
        }
    }
}
