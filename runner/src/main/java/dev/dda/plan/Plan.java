package dev.dda.plan;

import java.util.List;

/** A plan is data: views render it, apply walks it. */
public record Plan(String formatVersion, String pipeline, PlannedAgainst plannedAgainst, List<Change> changes) {
    public static final String FORMAT_VERSION = "1.0";

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action().changes());
    }
}
