package dev.dda.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Files added, removed and changed between two listings keyed by relative path (values: content ids). */
public record FileDelta(List<String> added, List<String> removed, List<String> changed) {
    public FileDelta {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public static FileDelta between(Map<String, ?> before, Map<String, ?> after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String p : all) {
            if (!before.containsKey(p)) {
                added.add(p);
            } else if (!after.containsKey(p)) {
                removed.add(p);
            } else if (!Objects.equals(String.valueOf(before.get(p)), String.valueOf(after.get(p)))) {
                changed.add(p);
            }
        }
        return new FileDelta(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** "3 added, 1 removed, 2 changed", leaving out the zero counts; "no change" when empty. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add(added.size() + " added");
        }
        if (!removed.isEmpty()) {
            parts.add(removed.size() + " removed");
        }
        if (!changed.isEmpty()) {
            parts.add(changed.size() + " changed");
        }
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }
}
