package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a destroy removes: everything in the state, or the named addresses and everything that depends on them
 * (a bucket cannot go while a dataset still lives in it). Protected resources go only when named.
 */
final class DestroySelection {
    private DestroySelection() {}

    static Set<Address> of(ResourceGraph graph, State st, Set<Address> targets) throws PlanException {
        Set<Address> inState = st.asMap().keySet();
        for (Address t : targets) {
            if (!inState.contains(t)) {
                throw new PlanException("--target " + t + ": not in the state, so there is nothing to destroy"
                        + Suggest.address(t, graph, inState));
            }
        }
        Set<Address> doomed = targets.isEmpty() ? new TreeSet<>(inState) : withDependents(st, targets);
        Set<String> refused = new TreeSet<>();
        for (Address a : doomed) {
            if (isProtected(a, graph, st) && !targets.contains(a)) {
                refused.add(a.toString());
            }
        }
        if (!refused.isEmpty()) {
            throw new PlanException("refusing to destroy protected resources: " + String.join(", ", refused)
                    + " (protect: true). Name each one with --target to destroy it anyway, or remove protect: true"
                    + " from the spec.");
        }
        return doomed;
    }

    private static Set<Address> withDependents(State st, Set<Address> targets) {
        Set<Address> out = new TreeSet<>(targets);
        Deque<Address> todo = new ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            Address a = todo.pop();
            for (ResourceState r : st.asMap().values()) {
                if (RecordedDependencies.of(r).contains(a) && out.add(r.address())) {
                    todo.push(r.address());
                }
            }
        }
        return out;
    }

    private static boolean isProtected(Address a, ResourceGraph graph, State st) {
        boolean inSpec = graph.get(a).map(Resource::protect).orElse(false);
        boolean recorded = st.get(a).map(r -> Boolean.TRUE.equals(r.attributes().get("protect"))).orElse(false);
        return inSpec || recorded;
    }
}
