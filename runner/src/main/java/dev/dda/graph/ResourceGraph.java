package dev.dda.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The desired resources and their edges. Immutable; the order of {@link #resources()} is topological. */
public final class ResourceGraph {
    private final Map<Address, Resource> byAddress;
    private final List<Resource> ordered;

    private ResourceGraph(Map<Address, Resource> byAddress, List<Resource> ordered) {
        this.byAddress = byAddress;
        this.ordered = ordered;
    }

    /**
     * Builds the graph; throws IllegalArgumentException naming the resources of a cycle or a dependency that
     * is not in the graph (the spec checks report these with source locations before we get here).
     */
    public static ResourceGraph of(Collection<Resource> resources) {
        Map<Address, Resource> byAddress = new TreeMap<>();
        for (Resource r : resources) {
            if (byAddress.put(r.address(), r) != null) {
                throw new IllegalArgumentException("resource " + r.address() + " is declared twice");
            }
        }
        for (Resource r : resources) {
            for (Address d : r.dependsOn()) {
                if (!byAddress.containsKey(d)) {
                    throw new IllegalArgumentException(r.address() + " depends on " + d + ", which does not exist");
                }
            }
        }
        return new ResourceGraph(byAddress, topologicalOrder(byAddress));
    }

    private static List<Resource> topologicalOrder(Map<Address, Resource> byAddress) {
        Map<Address, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
        List<Resource> out = new ArrayList<>();
        for (Address a : byAddress.keySet()) {
            visit(a, byAddress, state, out, new ArrayDeque<>());
        }
        return List.copyOf(out);
    }

    private static void visit(Address a, Map<Address, Resource> byAddress, Map<Address, Integer> state,
                              List<Resource> out, Deque<Address> path) {
        Integer s = state.get(a);
        if (s != null && s == 2) {
            return;
        }
        path.push(a);
        if (s != null) {
            List<Address> cycle = new ArrayList<>(path);
            java.util.Collections.reverse(cycle);
            throw new IllegalArgumentException("dependency cycle: " + cycle);
        }
        state.put(a, 1);
        for (Address d : new TreeSet<>(byAddress.get(a).dependsOn())) {
            visit(d, byAddress, state, out, path);
        }
        state.put(a, 2);
        path.pop();
        out.add(byAddress.get(a));
    }

    /** Dependencies before dependents. */
    public List<Resource> resources() {
        return ordered;
    }

    public Optional<Resource> get(Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public boolean contains(Address address) {
        return byAddress.containsKey(address);
    }

    /** The given addresses and everything they depend on, transitively (what {@code --target} selects). */
    public Set<Address> withDependencies(Collection<Address> targets) {
        Set<Address> out = new TreeSet<>();
        Deque<Address> todo = new ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            Address a = todo.pop();
            if (out.add(a)) {
                get(a).ifPresent(r -> todo.addAll(r.dependsOn()));
            }
        }
        return out;
    }

    /** Resources that depend on the given one, transitively. */
    public Set<Address> dependentsOf(Address address) {
        Set<Address> out = new TreeSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Resource r : ordered) {
                if (!out.contains(r.address())
                        && (r.dependsOn().contains(address) || r.dependsOn().stream().anyMatch(out::contains))) {
                    out.add(r.address());
                    grew = true;
                }
            }
        }
        return out;
    }
}
