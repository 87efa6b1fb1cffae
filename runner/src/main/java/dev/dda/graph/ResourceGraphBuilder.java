package dev.dda.graph;

import dev.dda.spec.LoadedSpec;

/** Turns a checked spec into resources with addresses and edges. */
public final class ResourceGraphBuilder {
    private ResourceGraphBuilder() {}

    public static ResourceGraph build(LoadedSpec spec) {
        throw new UnsupportedOperationException("graph building lands with the spec work");
    }
}
