package dev.dda.target;

import java.util.Map;

/** How one apply step ended. */
public sealed interface ApplyOutcome {
    Map<String, Object> outputs();

    /** The resource is in its desired state. */
    record Done(Map<String, Object> outputs) implements ApplyOutcome {
        public Done {
            outputs = Map.copyOf(outputs);
        }
    }

    /** A long-running job was started (or found running); {@code await} finishes it, now or in a later run. */
    record Pending(String jobRef, Map<String, Object> outputs) implements ApplyOutcome {
        public Pending {
            outputs = Map.copyOf(outputs);
        }
    }
}
