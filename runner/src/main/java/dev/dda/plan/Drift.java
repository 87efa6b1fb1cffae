package dev.dda.plan;

import dev.dda.plan.json.Json;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.target.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares what a target holds with what the state recorded at the last apply (refresh-only plans). */
final class Drift {
    private static final int MAX_VALUE_CHARS = 60;

    private Drift() {}

    static Change change(ResourceState prior, Observation observed) {
        Map<String, Object> recorded = prior.attributes();
        if (!observed.exists()) {
            return new Change(prior.address(), Action.DELETE, List.of("deleted outside dda"), recorded, Map.of(),
                    RecordedDependencies.of(prior), prior.digest());
        }
        Map<String, Object> actual = Json.redact(observed.attributes());
        List<String> reasons = new ArrayList<>();
        for (String key : new TreeSet<>(actual.keySet())) {
            if (recorded.containsKey(key)
                    && !Json.canonical(recorded.get(key)).equals(Json.canonical(actual.get(key)))) {
                reasons.add("changed outside dda: " + key + " " + shortJson(recorded.get(key)) + " → "
                        + shortJson(actual.get(key)));
            }
        }
        if (observed.presence() == Observation.Presence.FAILED) {
            reasons.add("failed: " + observed.detail());
        }
        Action action = reasons.isEmpty() ? Action.NOOP : Action.UPDATE;
        return new Change(prior.address(), action, reasons, recorded, actual, RecordedDependencies.of(prior),
                prior.digest());
    }

    static String shortJson(Object value) {
        String s = Objects.toString(Json.canonical(value));
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS - 1) + "…";
    }
}
