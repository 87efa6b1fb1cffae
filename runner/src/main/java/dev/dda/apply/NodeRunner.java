package dev.dda.apply;

import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one change through its handler and records the outcome in state. Handlers are called as follows:
 * CREATE/REPLACE get an INTENT entry first, then {@code apply}; UPDATE and REUSE call {@code apply}; WAIT calls
 * {@code await} on the recorded job (or {@code apply} when nothing was recorded); DELETE calls {@code delete};
 * NOOP calls nothing when state records the resource as applied; when it does not (a crash after the intent,
 * a lost state), the handler's {@code apply} gets the change as REUSE: the resource exists as desired, so the
 * handler only reports its outputs and redoes nothing.
 */
final class NodeRunner {
    private final Target target;
    private final ResourceGraph graph;
    private final StateWriter writer;
    private final EngineApplyContext context;
    private final Events events;
    private final Clock clock;

    NodeRunner(Target target, ResourceGraph graph, StateWriter writer, EngineApplyContext context, Events events,
               Clock clock) {
        this.target = target;
        this.graph = graph;
        this.writer = writer;
        this.context = context;
        this.events = events;
        this.clock = clock;
    }

    NodeResult run(Change change) {
        Optional<ResourceHandler> handler = target.handler(change.kind());
        if (handler.isEmpty()) {
            String why = dev.dda.plan.Planner.UNSUPPORTED + target.name();
            events.emit(new ApplyEvent.Skipped(change.address(), why, clock.instant()));
            return result(change, NodeResult.Status.UNSUPPORTED, why);
        }
        Instant start = clock.instant();
        try {
            Optional<ResourceState> prior = writer.get(change.address());
            if (change.action() == Action.NOOP && prior.isPresent()
                    && prior.get().status() == ResourceState.Status.APPLIED) {
                return unchanged(change, prior.get());
            }
            events.emit(new ApplyEvent.Started(change.address(), change.action(), start));
            if (change.action() == Action.DELETE) {
                if (prior.isPresent()) {
                    handler.get().delete(prior.get(), context);
                }
                writer.remove(change.address());
                return applied(change, start);
            }
            return record(change, outcome(change, handler.get(), prior), start);
        } catch (TargetException | IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            events.emit(new ApplyEvent.Failed(change.address(), message, clock.instant()));
            return result(change, NodeResult.Status.FAILED, message);
        }
    }

    private ApplyOutcome outcome(Change change, ResourceHandler handler, Optional<ResourceState> prior)
            throws TargetException, IOException {
        Resource desired = graph.get(change.address()).orElseThrow();
        if (change.action() == Action.WAIT && prior.isPresent() && prior.get().jobRef() != null) {
            return handler.await(change, prior.get(), context);
        }
        if (change.action() == Action.NOOP) {
            Change reuse = new Change(change.address(), Action.REUSE, List.of("exists as desired but is not"
                    + " recorded as applied: its outputs are recorded"), change.before(), change.after(),
                    change.dependsOn(), change.digest());
            return handler.apply(reuse, desired, context);
        }
        if (change.action() == Action.CREATE || change.action() == Action.REPLACE) {
            // Before anything is created, so that a crash mid-create leaves a trace the next plan can follow.
            String jobRef = prior.map(ResourceState::jobRef).orElse(null);
            Map<String, Object> outputs = prior.map(ResourceState::outputs).orElse(Map.of());
            writer.put(new ResourceState(change.address(), ResourceState.Status.INTENT, change.digest(),
                    Json.redact(desired.attributes()), RecordedDependencies.record(outputs, desired.dependsOn()),
                    jobRef, clock.instant()));
        }
        return handler.apply(change, desired, context);
    }

    private NodeResult record(Change change, ApplyOutcome outcome, Instant start) throws IOException {
        Resource desired = graph.get(change.address()).orElseThrow();
        Optional<ResourceState> now = writer.get(change.address());
        Map<String, Object> outputs = RecordedDependencies.record(Json.redact(outcome.outputs()),
                desired.dependsOn());
        Map<String, Object> attributes = Json.redact(desired.attributes());
        if (outcome instanceof ApplyOutcome.Pending p) {
            writer.put(new ResourceState(change.address(), ResourceState.Status.PENDING, change.digest(),
                    attributes, outputs, p.jobRef(), clock.instant()));
            events.emit(new ApplyEvent.Pending(change.address(), p.jobRef(), clock.instant()));
            return result(change, NodeResult.Status.STILL_RUNNING, p.jobRef());
        }
        String jobRef = now.map(ResourceState::jobRef).orElse(null);
        writer.put(new ResourceState(change.address(), ResourceState.Status.APPLIED, change.digest(), attributes,
                outputs, jobRef, clock.instant()));
        return applied(change, start);
    }

    /** The handler saw nothing to do; keep the record current when only the digest moved. */
    private NodeResult unchanged(Change change, ResourceState prior) throws IOException {
        if (!change.digest().equals(prior.digest())) {
            Resource desired = graph.get(change.address()).orElseThrow();
            writer.put(new ResourceState(change.address(), ResourceState.Status.APPLIED, change.digest(),
                    Json.redact(desired.attributes()), prior.outputs(), prior.jobRef(), clock.instant()));
        }
        return result(change, NodeResult.Status.UNCHANGED, "");
    }

    private NodeResult applied(Change change, Instant start) {
        Instant end = clock.instant();
        events.emit(new ApplyEvent.Applied(change.address(), change.action(), Duration.between(start, end), end));
        return result(change, NodeResult.Status.APPLIED, "");
    }

    private static NodeResult result(Change change, NodeResult.Status status, String detail) {
        return new NodeResult(change.address(), change.action(), status, detail);
    }
}
