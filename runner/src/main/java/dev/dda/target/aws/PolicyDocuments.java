package dev.dda.target.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IAM and bucket policy documents in a canonical form, so that a policy AWS gives back reformatted (keys
 * reordered, a one-element list written as a string, URL-encoded by IAM) compares equal to the one dda wrote,
 * and a real change does not.
 */
public final class PolicyDocuments {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyDocuments() {}

    /** The canonical text, or the input unchanged (prefixed) when it is not JSON: that is drift too. */
    public static String canonical(String document) {
        if (document == null || document.isBlank()) {
            return null;
        }
        String text = document.trim().startsWith("%7B") || document.trim().startsWith("%7b")
                ? URLDecoder.decode(document, StandardCharsets.UTF_8) : document;
        try {
            return JSON.writeValueAsString(normalize(JSON.readTree(text)));
        } catch (java.io.IOException e) {
            return "(not JSON) " + document;
        }
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), normalize(e.getValue())));
            if (sorted.get("Statement") instanceof ArrayNode statements) {
                List<JsonNode> list = new ArrayList<>();
                statements.forEach(list::add);
                list.sort(Comparator.comparing(JsonNode::toString));
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                list.forEach(a::add);
                sorted.put("Statement", a);
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(normalize(n)));
            if (items.size() == 1) {
                return items.get(0);
            }
            if (items.stream().allMatch(JsonNode::isTextual)) {
                items.sort(Comparator.comparing(JsonNode::asText));
            }
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            items.forEach(a::add);
            return a;
        }
        return node;
    }
}
