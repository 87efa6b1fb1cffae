package dev.dda.plan.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PlannedAgainst;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON form of a plan ({@code schema/dda-plan.schema.json}): what {@code --format json} prints and what a
 * plan file holds. Snake-case keys, actions in lower case, before/after already redacted.
 */
public final class PlanCodec {
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() { };

    private PlanCodec() {}

    public static ObjectNode encode(Plan plan, PlanMode mode) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format_version", plan.formatVersion());
        root.put("mode", mode.label());
        root.put("pipeline", plan.pipeline());
        root.set("planned_against", plannedAgainst(plan.plannedAgainst()));
        ObjectNode summary = root.putObject("summary");
        for (Action a : Action.values()) {
            summary.put(a.label(), plan.changes().stream().filter(c -> c.action() == a).count());
        }
        ArrayNode changes = root.putArray("changes");
        for (Change c : plan.changes()) {
            ObjectNode n = changes.addObject();
            n.put("address", c.address().toString());
            n.put("kind", c.kind());
            n.put("name", c.address().name());
            n.put("action", c.action().label());
            ArrayNode reasons = n.putArray("reasons");
            c.reasons().forEach(reasons::add);
            n.set("before", Json.mapper().valueToTree(c.before() == null ? null : Json.redact(c.before())));
            n.set("after", Json.mapper().valueToTree(c.after() == null ? null : Json.redact(c.after())));
            ArrayNode deps = n.putArray("depends_on");
            new TreeSet<>(c.dependsOn()).forEach(d -> deps.add(d.toString()));
            n.put("digest", c.digest());
        }
        return root;
    }

    private static ObjectNode plannedAgainst(PlannedAgainst p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("spec_file", p.specFile());
        n.put("spec_hash", p.specHash());
        n.put("git_commit", p.gitCommit());
        n.put("git_dirty", p.gitDirty());
        n.put("state_lineage", p.stateLineage());
        n.put("state_serial", p.stateSerial());
        n.put("target", p.target());
        return n;
    }

    /** Reads a plan back; throws IllegalArgumentException naming the first thing that is not as written. */
    public static Plan decode(JsonNode root) {
        String version = text(root, "format_version");
        if (!Plan.FORMAT_VERSION.equals(version)) {
            throw new IllegalArgumentException("plan format_version " + version + " is not supported (this dda"
                    + " reads " + Plan.FORMAT_VERSION + "); make the plan again with this dda");
        }
        JsonNode pa = root.path("planned_against");
        PlannedAgainst planned = new PlannedAgainst(text(pa, "spec_file"), text(pa, "spec_hash"),
                text(pa, "git_commit"), pa.path("git_dirty").asBoolean(false), text(pa, "state_lineage"),
                pa.path("state_serial").asLong(0), text(pa, "target"));
        List<Change> changes = new ArrayList<>();
        for (JsonNode c : root.path("changes")) {
            Set<Address> deps = new LinkedHashSet<>();
            c.path("depends_on").forEach(d -> deps.add(Address.parse(d.asText())));
            List<String> reasons = new ArrayList<>();
            c.path("reasons").forEach(r -> reasons.add(r.asText()));
            changes.add(new Change(Address.parse(text(c, "address")),
                    Action.valueOf(text(c, "action").toUpperCase(Locale.ROOT)), reasons, tree(c.get("before")),
                    tree(c.get("after")), deps, text(c, "digest")));
        }
        return new Plan(version, text(root, "pipeline"), planned, changes);
    }

    public static PlanMode mode(JsonNode root) {
        return root.hasNonNull("mode") ? PlanMode.parse(root.get("mode").asText()) : PlanMode.NORMAL;
    }

    private static Map<String, Object> tree(JsonNode n) {
        return n == null || n.isNull() ? Map.of() : Json.mapper().convertValue(n, TREE);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
