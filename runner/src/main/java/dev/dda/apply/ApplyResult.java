package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.state.State;
import java.util.List;

/** What an apply did, node by node, and the state it left. */
public record ApplyResult(List<NodeResult> nodes, State finalState) {
    public ApplyResult {
        nodes = List.copyOf(nodes);
    }

    public List<NodeResult> with(NodeResult.Status status) {
        return nodes.stream().filter(n -> n.status() == status).toList();
    }

    public List<Address> addresses(NodeResult.Status status) {
        return with(status).stream().map(NodeResult::address).toList();
    }

    /** True when every change was made (jobs left running with --no-wait count as fine). */
    public boolean succeeded() {
        return with(NodeResult.Status.FAILED).isEmpty() && with(NodeResult.Status.UNSUPPORTED).isEmpty()
                && with(NodeResult.Status.SKIPPED).isEmpty();
    }
}
