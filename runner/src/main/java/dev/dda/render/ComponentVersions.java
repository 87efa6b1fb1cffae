package dev.dda.render;

import dev.dda.graph.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What both targets say about a component's versions in a plan, in the same words. */
public final class ComponentVersions {
    /** A version that depends on a model not packaged yet. */
    public static final String KNOWN_AFTER_APPLY = "(known after apply)";

    private ComponentVersions() {}

    /** True for the edge service component, which every fleet runs beside its models. */
    public static boolean isEdgeService(Address component) {
        return component.name().equals(EdgeServiceRecipe.DEFAULT_NAME);
    }

    /**
     * One reason per component variant that is new or whose version moved from {@code before} to
     * {@code versions}, saying {@code why} for a move.
     */
    public static List<String> changes(Map<String, ?> versions, Map<String, ?> before, String why) {
        List<String> reasons = new ArrayList<>();
        versions.forEach((name, v) -> {
            Object old = before.get(name);
            if (old == null) {
                reasons.add("new component " + name + " version " + v);
            } else if (!old.equals(v)) {
                reasons.add("new component version " + name + " " + old + " → " + v + " (" + why + ")");
            }
        });
        return reasons;
    }
}
