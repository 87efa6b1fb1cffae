package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.text.EditDistance;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** "did you mean" for mistyped --target addresses. */
final class Suggest {
    private Suggest() {}

    static String address(Address typed, ResourceGraph graph, Set<Address> inState) {
        Set<String> known = new TreeSet<>();
        graph.resources().stream().map(Resource::address).map(Address::toString).forEach(known::add);
        inState.stream().map(Address::toString).forEach(known::add);
        java.util.Optional<String> best = EditDistance.closest(typed.toString(), known,
                Math.max(2, typed.toString().length() / 4));
        if (best.isPresent()) {
            return " (did you mean " + best.get() + "?)";
        }
        return known.isEmpty() ? "" : "; known addresses: " + known.stream().limit(12).collect(Collectors.joining(", "));
    }
}
