package dev.dda.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Where each value of a JSON document starts, by JSON pointer, so that a complaint about a value can say where. */
final class JsonLocations {
    private final Map<String, JsonLocation> starts;

    private JsonLocations(Map<String, JsonLocation> starts) {
        this.starts = starts;
    }

    /** Reads a document already known to parse. */
    static JsonLocations of(byte[] json) throws IOException {
        Map<String, JsonLocation> starts = new HashMap<>();
        try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != null) {
                value(p, "", starts);
            }
        }
        return new JsonLocations(starts);
    }

    private static void value(JsonParser p, String pointer, Map<String, JsonLocation> starts) throws IOException {
        starts.put(pointer, p.currentTokenLocation());
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                value(p, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), starts);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, pointer + "/" + i++, starts);
            }
        }
    }

    /** Where a value starts; shown as line:column. */
    record Position(int line, int column) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
        }

        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** Where the value at {@code pointer} starts, or the nearest value that holds it. */
    Position at(String pointer) {
        String p = pointer;
        while (!starts.containsKey(p) && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
        }
        JsonLocation l = starts.get(p);
        return l == null ? new Position(1, 1) : new Position(l.getLineNr(), l.getColumnNr());
    }
}
