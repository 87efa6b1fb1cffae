package dev.dda.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.dda.edge.model.NonFiniteNumbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON document dda wrote and now reads back (a plan file, a state): parsed and checked against its schema under
 * {@code schema/}, so that a damaged or edited one is refused with each problem at its line:column, never with a
 * deserialiser's message about Java types.
 */
public final class JsonDocument {
    /** Problems listed; an edited document rarely has more, and a wrong one has hundreds. */
    private static final int SHOWN = 5;
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private final String source;
    private final byte[] bytes;
    private final JsonNode root;

    private JsonDocument(String source, byte[] bytes, JsonNode root) {
        this.source = source;
        this.bytes = bytes;
        this.root = root;
    }

    /** A problem at a JSON pointer. */
    public record Problem(String pointer, String message) {}

    /** The parsed tree: a missing node for an empty document. */
    public JsonNode root() {
        return root;
    }

    /**
     * Parses {@code bytes}; JSON that does not parse is refused at the parser's line:column.
     *
     * @param source what to call the document in messages: its file or object name
     */
    public static JsonDocument parse(String source, byte[] bytes, String remedy) throws IOException {
        try {
            return new JsonDocument(source, bytes, Json.mapper().readTree(bytes));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IOException(source + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage() + "; " + remedy, e);
        }
    }

    /** The violations of the schema {@code dda/schema/NAME} on the class path, each once. */
    public List<Problem> violations(String schemaName) {
        return violations(schemaName, root);
    }

    /** The same for a tree derived from this document, such as an earlier format's converted to the current. */
    public List<Problem> violations(String schemaName, JsonNode tree) {
        List<Problem> overflows = NonFiniteNumbers.in(tree).stream()
                .map(p -> new Problem(p, "the number is too large to hold (it overflows a double)")).toList();
        if (!overflows.isEmpty()) {
            // the validator turns numbers into BigDecimal, which has no infinity: it would throw, not report
            return overflows;
        }
        return schema(schemaName).validate(tree).stream()
                .map(m -> new Problem(m.getInstanceLocation().toString(), message(m))).distinct().toList();
    }

    /** Refuses the document when there are problems: each (up to five, in file order) at its line:column. */
    public void refuse(List<Problem> problems, String heading, String remedy) throws IOException {
        if (problems.isEmpty()) {
            return;
        }
        JsonLocations where = JsonLocations.of(bytes);
        List<String> lines = problems.stream()
                .sorted(Comparator.comparing((Problem p) -> where.at(p.pointer())))
                .limit(SHOWN)
                .map(p -> source + ":" + where.at(p.pointer()) + ": " + (p.pointer().isEmpty() ? "" : p.pointer() + ": ")
                        + p.message())
                .toList();
        String more = problems.size() > SHOWN ? "\n  (" + (problems.size() - SHOWN) + " more)" : "";
        throw new IOException(heading + ":\n  " + String.join("\n  ", lines) + more + "\n" + remedy);
    }

    /** networknt starts its message with the pointer, which {@link #refuse} shows with the location instead. */
    private static String message(ValidationMessage m) {
        String text = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            String resource = "dda/schema/" + n;
            try (InputStream in = JsonDocument.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the schema " + resource + " is missing from the class path;"
                            + " rebuild dda");
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                        .locale(Locale.ROOT).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(Json.mapper().readTree(in), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
