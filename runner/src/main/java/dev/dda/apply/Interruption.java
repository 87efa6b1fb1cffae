package dev.dda.apply;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request, from outside the apply (a signal, a cancelled CI job), to stop early and cleanly: nothing more is
 * started, waits for running jobs end (the jobs keep running and are recorded, as with --no-wait), and the steps
 * already under way finish, so the state stays true and the lock is released.
 */
public final class Interruption {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks the apply to stop; the first reason given is the one reported. */
    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    /** Why the apply was asked to stop, or null. */
    public String reason() {
        return reason.get();
    }
}
