package dev.dda.target.aws;

import dev.dda.spec.Secret;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed reads of a resource's JSON-like attribute tree, with messages that name the missing field. */
final class Attrs {
    private Attrs() {}

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v instanceof Secret s ? s.reveal() : String.valueOf(v);
    }

    static String str(Map<String, Object> m, String key, String fallback) {
        String v = str(m, key);
        return v == null ? fallback : v;
    }

    static String required(Map<String, Object> m, String key, Object owner) {
        String v = str(m, key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(owner + ": attribute '" + key + "' is required");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> x ? (List<Object>) x : List.of();
    }

    static List<String> strings(Map<String, Object> m, String key) {
        return list(m, key).stream().map(String::valueOf).toList();
    }

    static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        return v == null ? fallback : v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
    }

    static Integer integer(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v instanceof Number n ? n.intValue() : Integer.valueOf(String.valueOf(v));
    }

    /** String values of a map, sorted, for comparison and for plans. */
    static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Map<String, String> out = new TreeMap<>();
        map(m, key).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

}
