package dev.dda.view;

import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts and the one-line verdict every view starts or ends with. */
public final class PlanSummary {
    private final Map<Action, Integer> counts = new EnumMap<>(Action.class);
    private final PlanMode mode;

    public PlanSummary(Plan plan, PlanMode mode) {
        this.mode = mode;
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        for (Change c : plan.changes()) {
            counts.merge(c.action(), 1, Integer::sum);
        }
    }

    public int count(Action a) {
        return counts.get(a);
    }

    public boolean hasChanges() {
        return counts.entrySet().stream().anyMatch(e -> e.getKey().changes() && e.getValue() > 0);
    }

    /** "Plan: 2 to create, 1 to update, 0 to delete." / "No changes. …" / "Drift: …". */
    public String line() {
        if (mode == PlanMode.REFRESH_ONLY) {
            int drifted = count(Action.UPDATE) + count(Action.DELETE);
            return drifted == 0 ? "No drift: the target matches what dda recorded."
                    : "Drift: " + drifted + (drifted == 1 ? " resource" : " resources") + " changed outside dda ("
                    + count(Action.UPDATE) + " modified, " + count(Action.DELETE) + " deleted).";
        }
        if (mode == PlanMode.DESTROY && count(Action.DELETE) == 0) {
            return "Nothing to destroy: the state records no resources.";
        }
        if (!hasChanges()) {
            return "No changes. The target matches the spec" + (count(Action.REUSE) > 0
                    ? " (" + count(Action.REUSE) + " finished jobs reused)." : ".");
        }
        if (mode == PlanMode.DESTROY) {
            return "Plan: " + count(Action.DELETE) + " to destroy.";
        }
        List<String> parts = new ArrayList<>();
        parts.add(count(Action.CREATE) + " to create");
        parts.add(count(Action.UPDATE) + " to update");
        if (count(Action.REPLACE) > 0) {
            parts.add(count(Action.REPLACE) + " to replace");
        }
        parts.add(count(Action.DELETE) + " to delete");
        if (count(Action.WAIT) > 0) {
            parts.add(count(Action.WAIT) + " to wait for");
        }
        if (count(Action.REUSE) > 0) {
            parts.add(count(Action.REUSE) + " to reuse");
        }
        return "Plan: " + String.join(", ", parts) + ".";
    }
}
