package dev.dda.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GraphWalkTest {
    private static Change change(String address, Action action) {
        return new Change(Address.parse(address), action, List.of(), Map.of(), Map.of(), Set.of(), "d");
    }

    private static List<String> walk(List<Change> plan, String failing) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        new GraphWalk(plan).run(4, c -> {
            events.add("start " + c.address());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("end " + c.address());
            boolean fails = c.address().toString().equals(failing);
            return new NodeResult(c.address(), c.action(), fails ? NodeResult.Status.FAILED : NodeResult.Status.APPLIED,
                    fails ? "failed" : "");
        }, r -> r.status() == NodeResult.Status.APPLIED ? null : r.address() + " failed", () -> null, r -> { });
        return events;
    }

    @Test
    void run_whenAResourceIsRenamed_deletesTheOldBeforeCreatingTheNewOfTheSameKind() throws Exception {
        // nothing links fleet.line-2 to fleet.line-1, yet the new one takes over the old one's devices
        List<String> events = walk(List.of(change("fleet.line-2", Action.CREATE), change("bucket.new", Action.CREATE),
                change("fleet.line-1", Action.DELETE)), null);

        assertThat(events.indexOf("start fleet.line-2")).isGreaterThan(events.indexOf("end fleet.line-1"));
        assertThat(events.indexOf("start bucket.new")).as("other kinds do not wait")
                .isLessThan(events.indexOf("end fleet.line-1"));
    }

    @Test
    void run_whenTheOldOneFailsToDelete_stillRunsTheNewOneAfterIt() throws Exception {
        // order, not dependency: the create goes on as an independent change does, and says so if it clashes
        List<String> events = walk(List.of(change("fleet.line-2", Action.CREATE), change("fleet.line-1", Action.DELETE)),
                "fleet.line-1");

        assertThat(events).containsSubsequence("end fleet.line-1", "start fleet.line-2");
    }

    @Test
    void run_whenADependencyFails_skipsItsDependentsAndStillReleasesWhatWaitsOnlyForOrder() throws Exception {
        Change fleet = change("fleet.line-2", Action.CREATE);
        Change deployment = new Change(Address.parse("deployment.line-2"), Action.CREATE, List.of(), Map.of(),
                Map.of(), Set.of(fleet.address()), "d");

        List<String> events = walk(List.of(fleet, deployment, change("deployment.line-1", Action.DELETE)),
                "fleet.line-2");

        assertThat(events).contains("end deployment.line-1").doesNotContain("start deployment.line-2");
    }
}
