package dev.dda.state;

import dev.dda.graph.Address;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeMap;

/** A change to the recorded state made by hand ({@code dda state rm}): under the lock, as one new serial. */
public final class StateEdit {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private StateEdit() {}

    /**
     * Removes {@code addresses} from the stored state, leaving whatever they made in the target; returns the state
     * written. Refuses, writing nothing, when one of them is not in the state.
     */
    public static State forget(StateStore store, LeaseLock lock, Collection<Address> addresses) throws IOException {
        Lease lease = lock.acquire("state rm", LEASE);
        try {
            State current = store.load().orElseThrow(() -> new IOException("the state is empty: nothing to remove"));
            TreeMap<Address, ResourceState> kept = new TreeMap<>(current.asMap());
            for (Address a : addresses) {
                if (kept.remove(a) == null) {
                    throw new IOException(a + " is not in the state (it changed since it was read); nothing was"
                            + " removed");
                }
            }
            State next = new State(current.lineage(), current.serial() + 1, current.pipeline(), kept);
            store.save(next);
            return next;
        } finally {
            lock.release(lease);
        }
    }
}
