package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Walks the plan's changes as a graph with at most N running at once. A change waits for the changes it
 * depends on; a delete instead waits for the deletes of whatever depended on it (reverse order). When a node
 * does not end well, everything that waits on it, transitively, is skipped while independent branches go on.
 */
final class GraphWalk {
    private final Map<Address, Change> changes = new LinkedHashMap<>();
    private final Map<Address, Set<Address>> waitsFor = new HashMap<>();
    private final Map<Address, Set<Address>> waitedOnBy = new HashMap<>();
    /** Order alone: these start after the key has ended, however it ended (see deletesFirstWithinAKind). */
    private final Map<Address, Set<Address>> startBefore = new HashMap<>();
    private final Map<Address, Integer> startsAfter = new HashMap<>();

    GraphWalk(List<Change> plan) {
        plan.forEach(c -> changes.put(c.address(), c));
        for (Change c : plan) {
            waitsFor.put(c.address(), new HashSet<>());
            waitedOnBy.put(c.address(), new HashSet<>());
        }
        for (Change c : plan) {
            for (Address dep : c.dependsOn()) {
                Change d = changes.get(dep);
                if (d == null) {
                    continue; // not part of this plan: nothing to wait for
                }
                boolean deletes = c.action() == Action.DELETE && d.action() == Action.DELETE;
                if (deletes) {
                    edge(dep, c.address()); // the dependency goes after its dependent
                } else if (c.action() != Action.DELETE && d.action() != Action.DELETE) {
                    edge(c.address(), dep);
                }
            }
        }
        deletesFirstWithinAKind(plan);
    }

    /**
     * Within a kind, deletes go first: what a resource renamed in the spec holds (a device, a port, a name) is the
     * old resource's until its delete has released it. This is order, not dependency: a delete that fails does not
     * skip the creates, which go on as independent changes do (and say so if they clash).
     */
    private void deletesFirstWithinAKind(List<Change> plan) {
        Map<String, List<Address>> deletes = new HashMap<>();
        plan.stream().filter(c -> c.action() == Action.DELETE)
                .forEach(c -> deletes.computeIfAbsent(c.address().kind(), k -> new ArrayList<>())
                        .add(c.address()));
        for (Change c : plan) {
            if (c.action() != Action.DELETE) {
                for (Address d : deletes.getOrDefault(c.address().kind(), List.of())) {
                    startBefore.computeIfAbsent(d, k -> new HashSet<>()).add(c.address());
                    startsAfter.merge(c.address(), 1, Integer::sum);
                }
            }
        }
    }

    private void edge(Address waiter, Address awaited) {
        waitsFor.get(waiter).add(awaited);
        waitedOnBy.get(awaited).add(waiter);
    }

    /**
     * Runs every change through {@code step}; {@code stop} returns a reason to start nothing more (a lost lease),
     * or null. Returns each node's result in plan order.
     */
    List<NodeResult> run(int parallelism, Function<Change, NodeResult> step, Function<NodeResult, String> blocked,
                         Supplier<String> stop, java.util.function.Consumer<NodeResult> onSkip)
            throws InterruptedException {
        Map<Address, Integer> remaining = new HashMap<>();
        Deque<Address> ready = new ArrayDeque<>();
        for (Address a : changes.keySet()) {
            remaining.put(a, waitsFor.get(a).size() + startsAfter.getOrDefault(a, 0));
            if (remaining.get(a) == 0) {
                ready.add(a);
            }
        }
        Map<Address, NodeResult> results = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "dda-apply");
            t.setDaemon(true);
            return t;
        });
        CompletionService<NodeResult> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (results.size() < changes.size()) {
                String stopReason = stop.get();
                if (stopReason != null) {
                    ready.clear();
                    if (running == 0) {
                        skipRest(results, stopReason, onSkip);
                        break;
                    }
                }
                while (!ready.isEmpty() && running < parallelism) {
                    Change c = changes.get(ready.poll());
                    done.submit(() -> step.apply(c));
                    running++;
                }
                if (running == 0) {
                    skipRest(results, "not reached", onSkip); // cannot happen with an acyclic plan
                    break;
                }
                NodeResult r = take(done);
                running--;
                results.put(r.address(), r);
                String why = blocked.apply(r);
                List<Address> ended = new ArrayList<>(List.of(r.address()));
                if (why == null) {
                    release(waitedOnBy.get(r.address()), remaining, results, ready);
                } else {
                    ended.addAll(skipDependents(r, why, results, onSkip));
                }
                ended.forEach(a -> release(startBefore.getOrDefault(a, Set.of()), remaining, results, ready));
            }
        } finally {
            pool.shutdownNow();
        }
        return changes.keySet().stream().map(results::get).toList();
    }

    private static NodeResult take(CompletionService<NodeResult> done) throws InterruptedException {
        try {
            return done.take().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an apply step escaped its error handling", e.getCause());
        }
    }

    private static void release(Set<Address> waiters, Map<Address, Integer> remaining, Map<Address, NodeResult> results,
                                Deque<Address> ready) {
        for (Address w : waiters) {
            if (remaining.merge(w, -1, Integer::sum) == 0 && !results.containsKey(w)) {
                ready.add(w);
            }
        }
    }

    /**
     * Dependents of a job still running wait for a later apply; those of anything else are skipped. Returns the
     * nodes it skipped.
     */
    private List<Address> skipDependents(NodeResult blocker, String why, Map<Address, NodeResult> results,
                                         java.util.function.Consumer<NodeResult> onSkip) {
        Address root = blocker.address();
        NodeResult.Status status = blocker.status() == NodeResult.Status.STILL_RUNNING ? NodeResult.Status.WAITING
                : NodeResult.Status.SKIPPED;
        Set<Address> seen = new TreeSet<>();
        List<Address> skipped = new ArrayList<>();
        Deque<Address> todo = new ArrayDeque<>(waitedOnBy.get(root));
        while (!todo.isEmpty()) {
            Address a = todo.pop();
            if (seen.add(a) && !results.containsKey(a)) {
                NodeResult s = new NodeResult(a, changes.get(a).action(), status, root + " " + why);
                results.put(a, s);
                onSkip.accept(s);
                skipped.add(a);
                todo.addAll(waitedOnBy.get(a));
            }
        }
        return skipped;
    }

    private void skipRest(Map<Address, NodeResult> results, String reason,
                          java.util.function.Consumer<NodeResult> onSkip) {
        for (Change c : changes.values()) {
            if (!results.containsKey(c.address())) {
                NodeResult s = new NodeResult(c.address(), c.action(), NodeResult.Status.SKIPPED, reason);
                results.put(c.address(), s);
                onSkip.accept(s);
            }
        }
    }
}
