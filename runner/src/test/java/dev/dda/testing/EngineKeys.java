package dev.dda.testing;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's content key of one resource for handler tests, whose inputs are fixed stand-ins. */
public final class EngineKeys {
    private EngineKeys() {}

    /** The key {@code r} gets in a graph where each of its dependencies is an attribute-less resource. */
    public static String contentKey(Resource r) {
        List<Resource> graph = new ArrayList<>();
        for (Address d : r.dependsOn()) {
            graph.add(new Resource(d, Map.of(), Set.of(), false, null));
        }
        graph.add(r);
        return Digests.contentKeys(ResourceGraph.of(graph)).get(r.address());
    }
}
