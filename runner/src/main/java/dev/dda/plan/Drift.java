package dev.dda.plan;

import dev.dda.graph.Resource;
import dev.dda.json.Json;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift of one recorded resource (refresh-only plans). Only the handler knows how what it observes compares
 * with what the spec asked for, so drift is its diff, taken when the spec asks for exactly what was applied
 * (the digest is unchanged): then anything it would change was changed outside dda.
 */
final class Drift {
    static final String PREFIX = "changed outside dda: ";

    private Drift() {}

    static Change change(ResourceState prior, Observation observed, Optional<Resource> desired,
                         ResourceHandler handler, PlanContext ctx) {
        Map<String, Object> recorded = prior.attributes();
        if (!observed.exists()) {
            return change(prior, Action.DELETE, List.of("deleted outside dda"), Map.of());
        }
        Map<String, Object> actual = Json.redact(observed.attributes());
        if (desired.isEmpty()) {
            return change(prior, Action.NOOP, List.of("no longer in the spec; dda plan deletes it"), actual);
        }
        if (!ctx.digest(prior.address()).equals(prior.digest())) {
            return change(prior, Action.NOOP, List.of("the spec changed since the last apply, so drift cannot be"
                    + " told apart from that change; run dda plan"), actual);
        }
        Change now = handler.diff(desired.get(), observed, Optional.of(prior), ctx);
        if (!now.action().changes() && observed.presence() != Observation.Presence.FAILED) {
            return change(prior, Action.NOOP, List.of(), actual);
        }
        List<String> reasons = now.reasons().isEmpty() ? List.of(PREFIX + "it no longer matches what was applied")
                : now.reasons().stream().map(r -> PREFIX + r).toList();
        return change(prior, Action.UPDATE, reasons, actual);
    }

    private static Change change(ResourceState prior, Action action, List<String> reasons,
                                 Map<String, Object> actual) {
        return new Change(prior.address(), action, reasons, prior.attributes(), actual,
                RecordedDependencies.of(prior), prior.digest());
    }
}
