package dev.dda.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** What changed between two attribute trees, as reviewers read it: {@code hyperparameters.learningRate 0.001 → 0.002}. */
public final class AttributeChanges {
    private AttributeChanges() {}

    public static List<String> between(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> a = flatten(before);
        Map<String, Object> b = flatten(after);
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(a, b))) {
            Object x = a.get(key);
            Object y = b.get(key);
            if (!Objects.equals(text(x), text(y))) {
                out.add(key + " " + (x == null ? "(unset)" : text(x)) + " → " + (y == null ? "(unset)" : text(y)));
            }
        }
        return out;
    }

    private static TreeSet<String> union(Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", tree, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else {
            out.put(prefix, node);
        }
    }

    private static String text(Object o) {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(o instanceof Double)) {
            return Long.toString(n.longValue());
        }
        return o == null ? null : String.valueOf(o);
    }
}
