package dev.dda.state;

import dev.dda.graph.Address;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of one pipeline in one target. {@code lineage} is fixed at creation; {@code serial} grows by one
 * with every write.
 */
public record State(String lineage, long serial, String pipeline, SortedMap<Address, ResourceState> resources) {
    public State {
        resources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    }

    public static State empty(String pipeline) {
        return new State(java.util.UUID.randomUUID().toString(), 0, pipeline, new TreeMap<>());
    }

    public State with(ResourceState resource) {
        TreeMap<Address, ResourceState> next = new TreeMap<>(resources);
        next.put(resource.address(), resource);
        return new State(lineage, serial + 1, pipeline, next);
    }

    public State without(Address address) {
        TreeMap<Address, ResourceState> next = new TreeMap<>(resources);
        next.remove(address);
        return new State(lineage, serial + 1, pipeline, next);
    }

    public java.util.Optional<ResourceState> get(Address address) {
        return java.util.Optional.ofNullable(resources.get(address));
    }

    public Map<Address, ResourceState> asMap() {
        return resources;
    }
}
