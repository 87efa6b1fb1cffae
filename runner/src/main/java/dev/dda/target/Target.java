package dev.dda.target;

import dev.dda.state.LeaseLock;
import dev.dda.state.StateStore;
import java.util.Optional;

/** A place pipelines run in: {@code local} or {@code aws}. The engine knows nothing else of it. */
public interface Target extends AutoCloseable {
    String name();

    /** The handler for a resource kind, or empty when this target cannot handle that kind yet. */
    Optional<ResourceHandler> handler(String kind);

    StateStore stateStore();

    LeaseLock lock();

    @Override
    default void close() {
    }
}
