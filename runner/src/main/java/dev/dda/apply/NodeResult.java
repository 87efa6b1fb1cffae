package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.plan.Action;

/**
 * How one planned change ended.
 *
 * @param detail the failure message, the skip reason, or the job reference of a job still running
 */
public record NodeResult(Address address, Action action, Status status, String detail) {
    public enum Status {
        APPLIED,
        /** Nothing to do: the target and the state already matched. */
        UNCHANGED,
        FAILED,
        /** The target has no handler for this kind yet. */
        UNSUPPORTED,
        /** Not attempted: something it depends on failed or is unsupported. */
        SKIPPED,
        /** Not attempted yet: something it depends on is still running (--no-wait); a later apply goes on. */
        WAITING,
        /** A job is running and a later apply will pick it up. */
        STILL_RUNNING
    }
}
