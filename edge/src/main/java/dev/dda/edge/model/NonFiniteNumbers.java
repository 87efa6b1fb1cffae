package dev.dda.edge.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers a JSON tree holds only as infinity or NaN: 1e999 is valid JSON that a double cannot hold, and NaN or
 * Infinity come with Jackson's non-numeric numbers allowed. JSON Schema validators turn numbers into BigDecimal,
 * which has neither, and throw instead of reporting; so documents are checked for them first.
 */
public final class NonFiniteNumbers {
    private NonFiniteNumbers() {}

    /** The JSON pointers of the non-finite numbers in {@code tree}, in document order. */
    public static List<String> in(JsonNode tree) {
        List<String> out = new ArrayList<>();
        collect(tree, "", out);
        return out;
    }

    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(pointer);
        }
        node.fields().forEachRemaining(f -> collect(f.getValue(),
                pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), out));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }
}
