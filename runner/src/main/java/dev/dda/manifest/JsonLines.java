package dev.dda.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines as manifests use them: one JSON object per line, blank lines ignored, 1-based line numbers. */
final class JsonLines {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    record Line(int number, ObjectNode json) { }

    /** Parses every line; lines that are not JSON objects become problems and are left out. */
    static List<Line> parse(String file, String content, List<ManifestProblem> problems) {
        List<Line> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text);
                if (node instanceof ObjectNode o) {
                    out.add(new Line(i + 1, o));
                } else {
                    problems.add(new ManifestProblem(file, i + 1, "expected a JSON object, found " + describe(node)));
                }
            } catch (JsonProcessingException e) {
                problems.add(new ManifestProblem(file, i + 1, "invalid JSON: " + e.getOriginalMessage()));
            }
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add(new ManifestProblem(file, 0, "the manifest is empty; expected one JSON object per line"));
        }
        return out;
    }

    static String render(List<? extends JsonNode> lines) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : lines) {
            b.append(n.toString()).append('\n');
        }
        return b.toString();
    }

    /** A value as the message shows it: JSON text, or "nothing" for a missing value. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
