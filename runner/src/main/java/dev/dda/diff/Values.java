package dev.dda.diff;

import dev.dda.spec.Secret;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Attribute values as reviewers read them, on one line; a {@link Secret} only ever as its redacted hash. */
public final class Values {
    private Values() {}

    public static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Secret s) {
            return s.redacted();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : v.toString();
        }
        if (v instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            new TreeMap<>(stringKeys(m)).forEach((k, x) -> j.add(k + ": " + render(x)));
            return j.toString();
        }
        if (v instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            l.forEach(x -> j.add(render(x)));
            return j.toString();
        }
        return v.toString().replace("\r", "\\r").replace("\n", "\\n");
    }

    /**
     * Nested maps as dotted paths to leaves ({@code hyperparameters.learningRate}); lists and empty maps are
     * leaves. Keys in {@code skip} are left out at the top level.
     */
    public static Map<String, Object> flatten(Map<String, ?> attributes, java.util.Set<String> skip) {
        Map<String, Object> out = new TreeMap<>();
        stringKeys(attributes).forEach((k, v) -> {
            if (!skip.contains(k)) {
                flatten(k, v, out);
            }
        });
        return out;
    }

    private static void flatten(String path, Object v, Map<String, Object> out) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            stringKeys(m).forEach((k, x) -> flatten(path + "." + k, x, out));
        } else {
            out.put(path, v);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
