package dev.dda.state;

import dev.dda.graph.Address;
import java.time.Instant;
import java.util.Map;

/**
 * What the state remembers of one resource.
 *
 * @param status INTENT is written before a create starts, so a crash never loses track of a started job
 * @param attributes the (redacted) desired attributes as last applied
 * @param outputs what the target reported: ids, ARNs, paths, metrics
 * @param jobRef the name of a long-running job, when there is one
 */
public record ResourceState(Address address, Status status, String digest, Map<String, Object> attributes,
                            Map<String, Object> outputs, String jobRef, Instant updated) {
    public enum Status { INTENT, PENDING, APPLIED }

    public ResourceState {
        attributes = Map.copyOf(attributes);
        outputs = Map.copyOf(outputs);
    }
}
