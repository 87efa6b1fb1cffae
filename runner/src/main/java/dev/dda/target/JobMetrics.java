package dev.dda.target;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished job's metrics carried on both sides of its plan entry, so that views can show each gate's value (the
 * pull-request comment's gate table reads them there) without showing them as a change.
 */
public final class JobMetrics {
    private JobMetrics() {}

    /** {@code attributes} with the {@code metrics} of {@code outputs}, when they have any. */
    public static Map<String, Object> alongside(Map<String, Object> attributes, Map<String, Object> outputs) {
        if (!(outputs.get("metrics") instanceof Map<?, ?> metrics)) {
            return attributes;
        }
        Map<String, Object> out = new LinkedHashMap<>(attributes);
        out.put("metrics", metrics);
        return out;
    }
}
