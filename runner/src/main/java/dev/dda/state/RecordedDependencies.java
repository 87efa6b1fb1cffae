package dev.dda.state;

import dev.dda.graph.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine remembers each resource's dependencies in its state outputs under one reserved key, so that a
 * resource removed from the spec (or a destroy) is still deleted after everything that depended on it.
 * Handlers never see the key: {@link #visibleOutputs} strips it.
 */
public final class RecordedDependencies {
    public static final String KEY = "dda:dependsOn";

    private RecordedDependencies() {}

    public static Set<Address> of(ResourceState state) {
        Object v = state.outputs().get(KEY);
        Set<Address> out = new TreeSet<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(Address.parse(String.valueOf(o)));
            }
        }
        return out;
    }

    public static Map<String, Object> record(Map<String, Object> outputs, Collection<Address> dependsOn) {
        Map<String, Object> out = new HashMap<>(outputs);
        out.put(KEY, List.copyOf(new TreeSet<>(dependsOn)).stream().map(Address::toString).toList());
        return out;
    }

    public static Map<String, Object> visibleOutputs(ResourceState state) {
        Map<String, Object> out = new HashMap<>(state.outputs());
        out.remove(KEY);
        return Map.copyOf(out);
    }
}
