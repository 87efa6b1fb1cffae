package dev.dda.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.json.Json;
import dev.dda.json.JsonDocument;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state's JSON ({@code schema/dda-state.schema.json}), one format for every store. Reading checks the schema
 * first, so a damaged or hand-edited state is refused with each problem at its line:column; the format local
 * state files had before it (resources keyed by address, no format_version) is still read.
 */
public final class StateCodec {
    static final int FORMAT = 1;
    private static final String SCHEMA = "dda-state.schema.json";
    private static final Pattern LISTED = Pattern.compile("/resources/(\\d+)(.*)");

    private StateCodec() {}

    public static byte[] write(State s) throws IOException {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceState r : s.resources().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", r.address().toString());
            m.put("status", r.status().name());
            m.put("digest", r.digest());
            m.put("attributes", Json.redact(r.attributes()));
            m.put("outputs", Json.redact(r.outputs()));
            m.put("jobRef", r.jobRef());
            m.put("updated", r.updated() == null ? null : r.updated().toString());
            resources.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT);
        doc.put("lineage", s.lineage());
        doc.put("serial", s.serial());
        doc.put("pipeline", s.pipeline());
        doc.put("resources", resources);
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
    }

    /**
     * @param source what to call the state in messages (its file or S3 object)
     * @param remedy what to do about a damaged one (where the previous version is)
     */
    public static State read(byte[] bytes, String source, String remedy) throws IOException {
        JsonDocument doc = JsonDocument.parse(source, bytes, remedy);
        if (doc.root() == null || !doc.root().isObject()) {
            throw new IOException(source + " is not dda state: it holds no JSON object; " + remedy);
        }
        List<String> earlierKeys = new ArrayList<>();
        JsonNode root = fromEarlierFormat(doc.root(), earlierKeys);
        List<JsonDocument.Problem> problems = new ArrayList<>(doc.violations(SCHEMA, root));
        TreeMap<Address, ResourceState> resources = new TreeMap<>();
        if (problems.isEmpty()) {
            for (int i = 0; i < root.get("resources").size(); i++) {
                resource(root.get("resources").get(i), "/resources/" + i, resources, problems);
            }
        }
        doc.refuse(problems.stream().map(p -> inEarlierFormat(p, earlierKeys)).toList(),
                source + " is not dda state as dda writes it", remedy);
        return new State(root.get("lineage").asText(), root.get("serial").asLong(), root.get("pipeline").asText(),
                resources);
    }

    @SuppressWarnings("unchecked")
    private static void resource(JsonNode n, String pointer, Map<Address, ResourceState> into,
                                 List<JsonDocument.Problem> problems) {
        Address address;
        Instant updated;
        try {
            address = Address.parse(n.get("address").asText());
            updated = n.hasNonNull("updated") ? Instant.parse(n.get("updated").asText()) : null;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(new JsonDocument.Problem(pointer, e.getMessage()));
            return;
        }
        if (into.containsKey(address)) {
            problems.add(new JsonDocument.Problem(pointer + "/address", address + " is recorded twice"));
            return;
        }
        Map<String, Object> attributes = Json.mapper().convertValue(n.get("attributes"), Map.class);
        Map<String, Object> outputs = Json.mapper().convertValue(n.get("outputs"), Map.class);
        into.put(address, new ResourceState(address, ResourceState.Status.valueOf(n.get("status").asText()),
                n.path("digest").isNull() ? null : n.get("digest").asText(), attributes, outputs,
                n.path("jobRef").isNull() || n.path("jobRef").isMissingNode() ? null : n.get("jobRef").asText(),
                updated));
    }

    /**
     * Local state files written before format 1 keyed resources by address; the entries are the same, so they are
     * listed in key order ({@code keys} gets the keys, to point at problems where they are in the file).
     */
    private static JsonNode fromEarlierFormat(JsonNode root, List<String> keys) {
        if (root.has("format_version") || !root.path("resources").isObject()) {
            return root;
        }
        ObjectNode converted = ((ObjectNode) root).deepCopy();
        ArrayNode list = converted.putArray("resources");
        root.get("resources").fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            list.add(e.getValue());
        });
        converted.put("format_version", FORMAT);
        return converted;
    }

    /** A problem at /resources/N of the converted tree, pointed at /resources/KEY of the earlier format's file. */
    private static JsonDocument.Problem inEarlierFormat(JsonDocument.Problem p, List<String> keys) {
        Matcher m = LISTED.matcher(p.pointer());
        if (keys.isEmpty() || !m.matches()) {
            return p;
        }
        String key = keys.get(Integer.parseInt(m.group(1))).replace("~", "~0").replace("/", "~1");
        return new JsonDocument.Problem("/resources/" + key + m.group(2), p.message());
    }
}
