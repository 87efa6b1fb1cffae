package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.target.PlanContext;
import java.util.List;
import java.util.Map;

/** Builds the plan entries of local handlers: redacted before/after, the resource's edges and digest. */
final class Changes {
    private Changes() {}

    static Change of(Resource desired, PlanContext context, Action action, List<String> reasons,
                     Map<String, Object> before, Map<String, Object> after) {
        return new Change(desired.address(), action, reasons, Trees.redactMap(before), Trees.redactMap(after),
                desired.dependsOn(), context.digest(desired.address()));
    }
}
