package dev.dda.target.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dda.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** JSON-like attribute trees: the field-by-field differences that plan reasons name, and typed reads. */
final class Trees {
    static final String ABSENT = "(absent)";

    private Trees() {}

    /**
     * One line per differing leaf, {@code path: actual → desired}, e.g.
     * {@code tags.dda-portal:managed: (absent) → "true"}. Maps are compared key by key; lists and scalars as
     * whole values; numbers by value (1 equals 1.0).
     */
    static List<String> differences(Map<String, ?> actual, Map<String, ?> desired) {
        List<String> out = new ArrayList<>();
        diff("", actual, desired, out);
        return out;
    }

    private static void diff(String path, Object actual, Object desired, List<String> out) {
        if (actual instanceof Map<?, ?> a && desired instanceof Map<?, ?> d) {
            TreeSet<String> keys = new TreeSet<>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            d.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                diff(path.isEmpty() ? k : path + "." + k, a.get(k), d.get(k), out);
            }
        } else if (!same(actual, desired)) {
            out.add(path + ": " + show(actual) + " → " + show(desired));
        }
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        return Objects.equals(a, b);
    }

    /** A value as a reviewer reads it: JSON, or {@code (absent)}. */
    static String show(Object value) {
        if (value == null) {
            return ABSENT;
        }
        try {
            return LocalFiles.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Json.redact(value));
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String string(Map<String, ?> attributes, String key) {
        Object v = attributes.get(key);
        return v == null ? null : String.valueOf(v);
    }

    static boolean flag(Map<String, ?> attributes, String key, boolean fallback) {
        Object v = attributes.get(key);
        return v instanceof Boolean b ? b : v == null ? fallback : Boolean.parseBoolean(String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, ?> attributes, String key) {
        Object v = attributes.get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Map<String, ?> attributes, String key) {
        Object v = attributes.get(key);
        return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
