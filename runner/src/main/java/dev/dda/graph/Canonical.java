package dev.dda.graph;

import dev.dda.spec.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one form of attribute values that digests are computed on: sorted maps, lists, String, Long, Double,
 * Boolean and {@link Secret}. Two specs that say the same thing in a different key order or number spelling
 * get equal attributes.
 */
public final class Canonical {
    private Canonical() {}

    public static Object of(Object value) {
        if (value instanceof Map<?, ?> m) {
            TreeMap<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return Collections.unmodifiableSortedMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(of(v)));
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof Secret) {
            return value;
        }
        throw new IllegalArgumentException("not a canonical attribute value: " + value.getClass().getName());
    }
}
