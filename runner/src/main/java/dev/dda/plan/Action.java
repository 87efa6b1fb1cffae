package dev.dda.plan;

/** What apply will do to one resource. */
public enum Action {
    CREATE, UPDATE, REPLACE, DELETE, NOOP,
    /** A job already started (by an earlier apply) is still running: apply only waits for it. */
    WAIT,
    /** A finished job with the same content digest exists: its results are used, nothing is re-run. */
    REUSE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when apply changes something in the target. */
    public boolean changes() {
        return this != NOOP && this != REUSE;
    }
}
