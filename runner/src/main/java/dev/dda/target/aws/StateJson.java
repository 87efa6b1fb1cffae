package dev.dda.target.aws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.graph.Address;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The state object's JSON: versioned, stable key order, secrets never present (attributes arrive redacted). */
final class StateJson {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private StateJson() {}

    static byte[] write(State s) throws IOException {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceState r : s.resources().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", r.address().toString());
            m.put("status", r.status().name());
            m.put("digest", r.digest());
            m.put("attributes", Attrs.redact(r.attributes()));
            m.put("outputs", Attrs.redact(r.outputs()));
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
        return JSON.writeValueAsBytes(doc);
    }

    @SuppressWarnings("unchecked")
    static State read(byte[] bytes) throws IOException {
        Map<String, Object> doc = JSON.readValue(bytes, new TypeReference<Map<String, Object>>() { });
        TreeMap<Address, ResourceState> resources = new TreeMap<>();
        for (Object o : (List<Object>) doc.getOrDefault("resources", List.of())) {
            Map<String, Object> m = (Map<String, Object>) o;
            Address a = Address.parse((String) m.get("address"));
            String updated = (String) m.get("updated");
            resources.put(a, new ResourceState(a, ResourceState.Status.valueOf((String) m.get("status")),
                    (String) m.get("digest"), (Map<String, Object>) m.getOrDefault("attributes", Map.of()),
                    (Map<String, Object>) m.getOrDefault("outputs", Map.of()), (String) m.get("jobRef"),
                    updated == null ? null : Instant.parse(updated)));
        }
        return new State((String) doc.get("lineage"), ((Number) doc.get("serial")).longValue(),
                (String) doc.get("pipeline"), resources);
    }
}
