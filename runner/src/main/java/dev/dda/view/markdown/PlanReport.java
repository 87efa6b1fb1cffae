package dev.dda.view.markdown;

import dev.dda.diff.SpecDiff;
import dev.dda.plan.Annotations;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;

/**
 * Everything a pull-request comment shows for one pipeline.
 *
 * @param mode normal, destroy or refresh-only (drift)
 * @param plan the live plan, or null when the target could not be reached (then {@code liveProblem} says why)
 * @param specDiff the change since {@code --base}, or null when no base was given
 */
public record PlanReport(String pipeline, Plan plan, PlanMode mode, Annotations annotations, SpecDiff specDiff,
                         String liveProblem) {
    public PlanReport {
        mode = mode == null ? PlanMode.NORMAL : mode;
        annotations = annotations == null ? Annotations.NONE : annotations;
    }

    public static PlanReport of(Plan plan, PlanMode mode) {
        return new PlanReport(plan.pipeline(), plan, mode, Annotations.NONE, null, null);
    }
}
