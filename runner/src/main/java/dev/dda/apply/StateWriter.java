package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import dev.dda.state.StateStore;
import java.io.IOException;
import java.util.Optional;

/** The one place apply writes state: serialised, serial + 1 on every write, saved before anyone reads it. */
final class StateWriter {
    private final StateStore store;
    private State state;
    private volatile String broken;

    StateWriter(StateStore store, State initial) {
        this.store = store;
        this.state = initial;
    }

    synchronized State current() {
        return state;
    }

    synchronized Optional<ResourceState> get(Address address) {
        return state.get(address);
    }

    synchronized void put(ResourceState resource) throws IOException {
        save(state.with(resource));
    }

    synchronized void remove(Address address) throws IOException {
        if (state.get(address).isEmpty()) {
            return;
        }
        save(state.without(address));
    }

    private void save(State next) throws IOException {
        try {
            store.save(next);
        } catch (IOException e) {
            broken = "the state could not be written: " + e.getMessage();
            throw e;
        }
        state = next;
    }

    /** Why no further step may start (the state can no longer record it), or null. */
    String brokenReason() {
        return broken;
    }
}
