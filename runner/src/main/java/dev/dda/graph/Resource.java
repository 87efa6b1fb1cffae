package dev.dda.graph;

import dev.dda.spec.SourceLocation;
import java.util.Map;
import java.util.Set;

/**
 * One desired resource, as the spec asks for it.
 *
 * @param attributes what the spec says of it, as a JSON-like tree (String, Number, Boolean, List, Map, and
 *     {@link dev.dda.spec.Secret} for secrets), plus facts derived from inputs (a dataset's file digests),
 *     so that a resource's content digest changes whenever anything it is built from changes
 * @param dependsOn the resources that must be applied first
 * @param protect when true, destroy refuses it unless it is named explicitly
 * @param location where the spec declares it, for diagnostics
 */
public record Resource(Address address, Map<String, Object> attributes, Set<Address> dependsOn, boolean protect,
                       SourceLocation location) {
    public Resource {
        attributes = Map.copyOf(attributes);
        dependsOn = Set.copyOf(dependsOn);
    }

    public String kind() {
        return address.kind();
    }
}
