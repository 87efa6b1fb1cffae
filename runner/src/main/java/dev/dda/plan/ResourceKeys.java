package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.ResourceGraph;
import java.util.Map;

/**
 * Both digests of every resource a run knows: the digest (any change to it or upstream: saved plans and state
 * are checked against it) and the content key (what names its jobs and packages); see {@link Digests}.
 */
public record ResourceKeys(Map<Address, String> digests, Map<Address, String> contentKeys) {
    public ResourceKeys {
        digests = Map.copyOf(digests);
        contentKeys = Map.copyOf(contentKeys);
    }

    public static ResourceKeys of(ResourceGraph graph) {
        return new ResourceKeys(Digests.of(graph), Digests.contentKeys(graph));
    }

    public String digest(Address address) {
        return lookup(digests, address);
    }

    public String contentKey(Address address) {
        return lookup(contentKeys, address);
    }

    /** Refused as a bug: a handler asked about a resource that is in neither the spec nor the plan. */
    private static String lookup(Map<Address, String> keys, Address address) {
        String d = keys.get(address);
        if (d == null) {
            throw new IllegalArgumentException("no digest for " + address + ": it is not in the spec or the plan");
        }
        return d;
    }
}
