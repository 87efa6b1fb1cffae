package dev.dda.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One attribute that differs, rendered for reading (secrets redacted).
 *
 * @param before null when the attribute is new
 * @param after null when the attribute was removed
 */
public record FieldChange(String path, String before, String after) {
    /** The differing leaves of two attribute maps, by dotted path; {@code skip} names top-level keys to leave out. */
    public static List<FieldChange> between(Map<String, ?> before, Map<String, ?> after, Set<String> skip) {
        Map<String, Object> b = Values.flatten(before, skip);
        Map<String, Object> a = Values.flatten(after, skip);
        Set<String> paths = new TreeSet<>(b.keySet());
        paths.addAll(a.keySet());
        List<FieldChange> out = new ArrayList<>();
        for (String p : paths) {
            String rb = b.containsKey(p) ? Values.render(b.get(p)) : null;
            String ra = a.containsKey(p) ? Values.render(a.get(p)) : null;
            if (!Objects.equals(rb, ra)) {
                out.add(new FieldChange(p, rb, ra));
            }
        }
        return out;
    }

    /** {@code hyperparameters.learningRate: 0.001 → 0.0005}, {@code + epochs: 30}, {@code - seed: 7}. */
    public String describe() {
        if (before == null) {
            return path + ": (none) → " + after;
        }
        if (after == null) {
            return path + ": " + before + " → (removed)";
        }
        return path + ": " + before + " → " + after;
    }
}
