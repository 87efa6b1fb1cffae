package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Digests;
import dev.dda.plan.ResourceKeys;
import dev.dda.plan.Plan;
import dev.dda.plan.PlannedAgainst;
import dev.dda.state.State;
import dev.dda.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a plan: takes the lease for the whole run, refuses a plan made against another state, then walks
 * the changes with bounded parallelism, writing state after every node. Emits events, never prints.
 */
public final class Applier {
    private final Clock clock;

    public Applier() {
        this(Clock.systemUTC());
    }

    public Applier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param graph the desired resources the plan was made from (rebuilt from the same spec for a saved plan)
     */
    public ApplyResult apply(Plan plan, ResourceGraph graph, Target target, ApplyOptions options,
                             ApplyListener listener) throws ApplyException, IOException {
        Map<Address, String> digests = checkFitsSpec(plan, graph);
        try (LeaseKeeper lease = new LeaseKeeper(target.lock(), options.operation(), options.leaseTtl())) {
            Optional<State> stored = target.stateStore().load();
            checkNotStale(plan.plannedAgainst(), stored);
            StateWriter writer = new StateWriter(target.stateStore(), stored.orElseGet(() -> State.empty(plan.pipeline())));
            Events events = new Events(listener);
            EngineApplyContext context = new EngineApplyContext(plan.pipeline(), options,
                    new ResourceKeys(digests, Digests.contentKeys(graph)), graph, writer,
                    (address, message) -> events.emit(new ApplyEvent.Progress(address, message, clock.instant())),
                    clock);
            NodeRunner runner = new NodeRunner(target, graph, writer, context, events, clock);
            List<NodeResult> results = new GraphWalk(plan.changes()).run(options.parallelism(), runner::run,
                    Applier::blocking, () -> stopReason(lease, writer, options.interruption()),
                    s -> events.emit(s.status() == NodeResult.Status.WAITING
                            ? new ApplyEvent.Waiting(s.address(), s.detail(), clock.instant())
                            : new ApplyEvent.Skipped(s.address(), s.detail(), clock.instant())));
            return new ApplyResult(results, writer.current());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException("interrupted; the state holds every step finished so far", e);
        }
    }

    /** Why nothing more may start (a lost lease, a state that cannot be written, an interruption), or null. */
    private static String stopReason(LeaseKeeper lease, StateWriter writer, Interruption interruption) {
        if (lease.lostReason() != null) {
            return lease.lostReason();
        }
        if (writer.brokenReason() != null) {
            return writer.brokenReason();
        }
        return interruption.requested() ? interruption.reason() + ": not started" : null;
    }

    /** Why a node's dependents cannot go on, or null when they can. */
    private static String blocking(NodeResult r) {
        return switch (r.status()) {
            case APPLIED, UNCHANGED -> null;
            case FAILED -> "failed";
            case UNSUPPORTED -> "is not supported by this target yet";
            case SKIPPED -> "was skipped";
            case WAITING -> "waits for a job still running; a later apply goes on from there";
            case STILL_RUNNING -> "is still running (job " + r.detail() + "); a later apply goes on from there";
        };
    }

    /** Every non-delete change must be in the graph with the digest it was planned with. */
    private static Map<Address, String> checkFitsSpec(Plan plan, ResourceGraph graph) throws ApplyException {
        Map<Address, String> now = Digests.of(graph);
        Map<Address, String> digests = new HashMap<>(now);
        for (Change c : plan.changes()) {
            if (c.action() == Action.DELETE) {
                if (c.digest() != null) {
                    digests.putIfAbsent(c.address(), c.digest());
                }
                continue;
            }
            String current = now.get(c.address());
            if (current == null) {
                throw new ApplyException("the plan changes " + c.address() + ", which is no longer in the spec;"
                        + " run dda plan again");
            }
            if (!current.equals(c.digest())) {
                throw new ApplyException("the inputs of " + c.address() + " changed since the plan was made"
                        + " (digest " + shortDigest(c.digest()) + " then, " + shortDigest(current)
                        + " now); run dda plan again");
            }
        }
        return digests;
    }

    private static void checkNotStale(PlannedAgainst planned, Optional<State> stored) throws ApplyException {
        String lineage = stored.map(State::lineage).orElse(null);
        long serial = stored.map(State::serial).orElse(0L);
        boolean same = java.util.Objects.equals(planned.stateLineage(), lineage) && planned.stateSerial() == serial;
        if (!same) {
            throw new ApplyException("the plan is stale: it was made against state " + describe(
                    planned.stateLineage(), planned.stateSerial()) + ", but the state is now "
                    + describe(lineage, serial) + ". Someone applied in between; run dda plan again and review"
                    + " the new plan.");
        }
    }

    private static String describe(String lineage, long serial) {
        return lineage == null ? "(none yet)" : "serial " + serial + " of lineage " + lineage;
    }

    private static String shortDigest(String d) {
        return d == null ? "none" : d.substring(0, Math.min(d.length(), 19));
    }
}
