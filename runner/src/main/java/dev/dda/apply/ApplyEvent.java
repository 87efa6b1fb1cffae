package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.plan.Action;
import java.time.Duration;
import java.time.Instant;

/** What happens during an apply, as data: the CLI renders these; the engine never prints. */
public sealed interface ApplyEvent {
    Address address();

    Instant at();

    record Started(Address address, Action action, Instant at) implements ApplyEvent {
    }

    /** A handler's progress report: a job's status, a copied file count. */
    record Progress(Address address, String message, Instant at) implements ApplyEvent {
    }

    record Applied(Address address, Action action, Duration took, Instant at) implements ApplyEvent {
    }

    record Failed(Address address, String message, Instant at) implements ApplyEvent {
    }

    record Skipped(Address address, String reason, Instant at) implements ApplyEvent {
    }

    /** Not started because what it needs is a job still running; a later apply goes on (--no-wait). */
    record Waiting(Address address, String reason, Instant at) implements ApplyEvent {
    }

    /** A job was started (or is still running) and is left to a later run (--no-wait). */
    record Pending(Address address, String jobRef, Instant at) implements ApplyEvent {
    }
}
