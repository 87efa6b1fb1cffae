package dev.dda.target;

import dev.dda.graph.Address;

/** Handlers report progress here; the engine turns it into events and never prints itself. */
@FunctionalInterface
public interface Progress {
    void report(Address address, String message);

    Progress NONE = (address, message) -> { };
}
