package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.json.Json;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import dev.dda.target.Observation;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes plans: observe every selected resource (in parallel), let its handler diff it, and turn state entries
 * that left the spec into deletes. Planning never changes the target.
 */
public final class Planner {
    /** Starts the reason given for resources whose kind the target has no handler for. */
    public static final String UNSUPPORTED = "not yet supported by target ";

    /** The plan that makes the target match the spec. */
    public Plan plan(ResourceGraph graph, Target target, Optional<State> state, PlanOptions options)
            throws PlanException {
        State st = state.orElse(null);
        Selection sel = Selection.of(graph, st, options.targets());
        ResourceKeys keys = ResourceKeys.of(graph);
        EnginePlanContext ctx = new EnginePlanContext(options, keys, graph, st);

        Observer observer = new Observer();
        for (Address a : sel.desired()) {
            Resource r = graph.get(a).orElseThrow();
            Optional<ResourceState> prior = priorOf(st, a);
            target.handler(r.kind()).ifPresent(h -> observer.add(a, () -> h.observe(r, prior, ctx)));
        }
        for (Address a : sel.orphans()) {
            ResourceState prior = st.get(a).orElseThrow();
            target.handler(a.kind()).ifPresent(h -> observer.add(a, () -> h.observeOrphan(prior, ctx)));
        }
        Map<Address, Observation> observed = observer.run(options.parallelism());

        List<Change> changes = new ArrayList<>();
        for (Resource r : graph.resources()) {
            if (sel.desired().contains(r.address())) {
                changes.add(desiredChange(r, target, observed.get(r.address()), priorOf(st, r.address()), ctx,
                        keys.digest(r.address())));
            }
        }
        for (Address a : sel.orphans()) {
            changes.add(orphanChange(st.get(a).orElseThrow(), observed.get(a), target));
        }
        return new Plan(Plan.FORMAT_VERSION, options.pipeline(), plannedAgainst(options, st, target), changes);
    }

    /**
     * Drift only: what changed in the target since the last apply. For a resource whose inputs are unchanged
     * since then (same digest), whatever its handler would change now was changed outside dda.
     */
    public Plan refresh(ResourceGraph graph, Target target, Optional<State> state, PlanOptions options)
            throws PlanException {
        State st = state.orElse(null);
        Selection sel = Selection.of(graph, st, options.targets());
        EnginePlanContext ctx = new EnginePlanContext(options, ResourceKeys.of(graph), graph, st);
        Observer observer = new Observer();
        List<ResourceState> recorded = new ArrayList<>();
        for (Address a : sel.all()) {
            Optional<ResourceState> prior = priorOf(st, a);
            Optional<ResourceHandler> h = target.handler(a.kind());
            if (prior.isEmpty() || h.isEmpty() || prior.get().status() != ResourceState.Status.APPLIED) {
                continue; // nothing recorded to drift from, or a job still in flight
            }
            recorded.add(prior.get());
            Optional<Resource> desired = graph.get(a);
            observer.add(a, desired.isPresent()
                    ? () -> h.get().observe(desired.get(), prior, ctx)
                    : () -> h.get().observeOrphan(prior.get(), ctx));
        }
        Map<Address, Observation> observed = observer.run(options.parallelism());
        List<Change> changes = new ArrayList<>();
        for (ResourceState prior : recorded) {
            Address a = prior.address();
            changes.add(Drift.change(prior, observed.get(a), graph.get(a), target.handler(a.kind()).orElseThrow(),
                    ctx));
        }
        return new Plan(Plan.FORMAT_VERSION, options.pipeline(), plannedAgainst(options, st, target), changes);
    }

    /**
     * Deletes everything in the state (or the {@code --target} addresses and what depends on them), refusing
     * protected resources that were not named explicitly.
     */
    public Plan destroy(ResourceGraph graph, Target target, Optional<State> state, PlanOptions options)
            throws PlanException {
        State st = state.orElse(null);
        List<Change> changes = new ArrayList<>();
        if (st != null) {
            Set<Address> doomed = DestroySelection.of(graph, st, options.targets());
            for (Address a : doomed) {
                ResourceState prior = st.get(a).orElseThrow();
                List<String> reasons = new ArrayList<>();
                reasons.add(options.targets().contains(a) || options.targets().isEmpty() ? "destroy requested"
                        : "depends on a resource being destroyed");
                if (target.handler(a.kind()).isEmpty()) {
                    reasons.add(unsupported(target));
                }
                reasons.addAll(consequences(target, prior));
                changes.add(new Change(a, Action.DELETE, reasons, prior.attributes(), Map.of(),
                        RecordedDependencies.of(prior), prior.digest()));
            }
        } else if (!options.targets().isEmpty()) {
            throw new PlanException("nothing to destroy: the state is empty (no apply has run for this pipeline)");
        }
        return new Plan(Plan.FORMAT_VERSION, options.pipeline(), plannedAgainst(options, st, target), changes);
    }

    static String unsupported(Target target) {
        return UNSUPPORTED + target.name();
    }

    private static Change desiredChange(Resource r, Target target, Observation observed,
                                        Optional<ResourceState> prior, EnginePlanContext ctx, String digest) {
        Optional<ResourceHandler> h = target.handler(r.kind());
        Map<String, Object> after = Json.redact(r.attributes());
        if (h.isEmpty()) {
            return new Change(r.address(), Action.CREATE, List.of(unsupported(target)),
                    prior.map(ResourceState::attributes).orElse(Map.of()), after, r.dependsOn(), digest);
        }
        Change c = h.get().diff(r, observed, prior, ctx);
        if (c == null || c.action() == null) {
            throw new IllegalStateException("the " + target.name() + " handler for " + r.kind()
                    + " returned no change for " + r.address());
        }
        // Whatever the handler says, the plan holds redacted trees, the graph's edges and the engine's digest.
        // Before/after are never null: an empty map means "nothing" (views read them without checks).
        Action action = c.action();
        List<String> reasons = c.reasons();
        if (action == Action.NOOP && prior.isEmpty()) { // found as desired, but not recorded: apply adopts it
            action = Action.REUSE;
            reasons = new ArrayList<>(reasons);
            reasons.add("exists in the target as the spec wants it, but not in the state: it is recorded as it is");
        }
        return new Change(r.address(), action, reasons, c.before() == null ? Map.of() : Json.redact(c.before()),
                c.after() == null ? Map.of() : Json.redact(c.after()), r.dependsOn(), digest);
    }

    private static Change orphanChange(ResourceState prior, Observation observed, Target target) {
        List<String> reasons = new ArrayList<>();
        reasons.add("no longer in the spec");
        if (observed == null) {
            reasons.add(unsupported(target));
        } else if (!observed.exists()) {
            reasons.add("already gone from the target: only its state entry is removed");
        } else {
            reasons.addAll(consequences(target, prior));
        }
        return new Change(prior.address(), Action.DELETE, reasons, prior.attributes(), Map.of(),
                RecordedDependencies.of(prior), prior.digest());
    }

    private static List<String> consequences(Target target, ResourceState prior) {
        return target.handler(prior.address().kind()).map(h -> h.deleteConsequences(prior)).orElse(List.of());
    }

    private static Optional<ResourceState> priorOf(State st, Address a) {
        return st == null ? Optional.empty() : st.get(a);
    }

    private static PlannedAgainst plannedAgainst(PlanOptions o, State st, Target target) {
        return new PlannedAgainst(o.specFile(), o.specHash(), o.gitCommit(), o.gitDirty(),
                st == null ? null : st.lineage(), st == null ? 0 : st.serial(), target.name());
    }

    /** What a plan covers: desired resources (with --target, those and their dependencies) and orphans. */
    record Selection(Set<Address> desired, Set<Address> orphans) {
        static Selection of(ResourceGraph graph, State st, Set<Address> targets) throws PlanException {
            Set<Address> inState = st == null ? Set.of() : st.asMap().keySet();
            for (Address t : targets) {
                if (!graph.contains(t) && !inState.contains(t)) {
                    throw new PlanException("--target " + t + ": no such resource in the spec or the state"
                            + Suggest.address(t, graph, inState));
                }
            }
            Set<Address> orphans = new TreeSet<>();
            Set<Address> desired = targets.isEmpty()
                    ? graph.withDependencies(graph.resources().stream().map(Resource::address).toList())
                    : graph.withDependencies(targets.stream().filter(graph::contains).toList());
            for (Address a : inState) {
                if (!graph.contains(a) && (targets.isEmpty() || targets.contains(a))) {
                    orphans.add(a);
                }
            }
            return new Selection(desired, orphans);
        }

        Set<Address> all() {
            Set<Address> out = new TreeSet<>(desired);
            out.addAll(orphans);
            return out;
        }
    }
}
