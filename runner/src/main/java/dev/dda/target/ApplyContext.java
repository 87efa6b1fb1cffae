package dev.dda.target;

import dev.dda.graph.Address;
import java.util.Map;

/** What a handler may know and do while applying. */
public interface ApplyContext extends PlanContext {
    /** Outputs of a dependency applied in this run or an earlier one. */
    @Override
    Map<String, Object> outputsOf(Address address);

    /**
     * With --no-wait, handlers start jobs and return {@link ApplyOutcome.Pending} instead of waiting; also once the
     * apply is interrupted.
     */
    boolean noWait();

    /**
     * True once the apply was asked to stop early (a signal): a handler waiting for a job stops at its next look
     * and returns {@link ApplyOutcome.Pending}, since the job keeps running and a later apply waits for it.
     */
    default boolean interrupted() {
        return false;
    }

    /**
     * Records the name of a job before it is started, so that a crash right after the start call still leaves
     * the job findable by a later run. Handlers call it before every create of a long-running job.
     */
    void recordIntent(Address address, String jobRef) throws TargetException;
}
