package dev.dda.plan;

import dev.dda.graph.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One planned change. Before and after are already redacted: a plan never holds a secret. They are never null:
 * an empty map means nothing exists (before a create) or nothing will (after a delete).
 *
 * @param digest the content digest of the resource's inputs (its attributes and its dependencies' digests)
 * @param reasons why, in words a reviewer reads: "hyperparameters.learningRate 0.01 → 0.005 forces a new
 *     training job"
 */
public record Change(Address address, Action action, List<String> reasons, Map<String, Object> before,
                     Map<String, Object> after, Set<Address> dependsOn, String digest) {
    public Change {
        reasons = List.copyOf(reasons);
        // never null, so that views and handlers read them without checks: empty means "nothing"
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
        dependsOn = Set.copyOf(dependsOn);
    }

    public String kind() {
        return address.kind();
    }
}
