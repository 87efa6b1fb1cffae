package dev.dda.target;

import dev.dda.graph.Resource;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import java.util.List;
import java.util.Optional;

/**
 * A target's handling of one resource kind: observe, diff, apply, await (and delete). Handlers are stateless;
 * what they must remember goes into outputs, which the engine writes to state.
 */
public interface ResourceHandler {
    /** Reads what actually exists for a desired resource. Never changes anything. */
    Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException;

    /** Reads what exists for a resource that is in state but no longer in the spec. */
    Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException;

    /**
     * Decides the action and says why. No I/O: everything it needs is in the observation, the prior state
     * and the context.
     */
    Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context);

    /** Makes the change. Long-running jobs return {@link ApplyOutcome.Pending} (with --no-wait) or wait. */
    ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException;

    /** Waits for a job started by this run or an earlier one. */
    ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException;

    /** Removes what the resource created. */
    void delete(ResourceState prior, ApplyContext context) throws TargetException;

    /** What {@link #delete} takes with it beyond the resource itself, for the plan to say (nothing by default). */
    default List<String> deleteConsequences(ResourceState prior) {
        return List.of();
    }
}
