package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.PlanContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the plan entries of local handlers: redacted before/after, the resource's edges and digest. */
final class Changes {
    private Changes() {}

    /**
     * True when the state knows the resource as applied: something missing then was removed outside dda. A
     * resource recorded only as an intent was being created when an earlier apply stopped.
     */
    static boolean wasApplied(Optional<ResourceState> prior) {
        return prior.isPresent() && prior.get().status() == ResourceState.Status.APPLIED;
    }

    static boolean wasInterrupted(Optional<ResourceState> prior) {
        return prior.isPresent() && prior.get().status() != ResourceState.Status.APPLIED;
    }

    static Change of(Resource desired, PlanContext context, Action action, List<String> reasons,
                     Map<String, Object> before, Map<String, Object> after) {
        return new Change(desired.address(), action, reasons, Json.redact(before), Json.redact(after),
                desired.dependsOn(), context.digest(desired.address()));
    }
}
