package dev.dda.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Validates a spec tree against {@code schema/dda-pipeline.schema.json} (JSON Schema 2020-12, networknt) and
 * words each failure for a person: the field, what is wrong, what would be right, at the node's line:column.
 */
final class SchemaCheck {
    static final String RESOURCE = "dda/schema/dda-pipeline.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile SchemaCheck instance;

    private final JsonNode schemaTree;
    private final JsonSchema schema;

    private SchemaCheck(JsonNode schemaTree) {
        this.schemaTree = schemaTree;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER).locale(Locale.ROOT).build();
        // x-expected words a pattern for people, x-secret marks values never to echo: no validation keywords
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new NonValidationKeyword("x-expected"))
                .keyword(new NonValidationKeyword("x-secret")).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta))
                .getSchema(schemaTree, config);
    }

    static SchemaCheck get() {
        SchemaCheck s = instance;
        if (s == null) {
            try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the spec schema " + RESOURCE + " is missing from the class path; "
                            + "rebuild dda");
                }
                s = new SchemaCheck(JSON.readTree(in));
                instance = s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    JsonNode schemaTree() {
        return schemaTree;
    }

    List<Diagnostic> check(YamlTree tree) {
        JsonNode instance = JSON.valueToTree(tree.root());
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(instance));
        messages.sort(Comparator.comparing((ValidationMessage m) -> pointer(m.getInstanceLocation()))
                .thenComparing(ValidationMessage::getMessage));
        SchemaMessages wording = new SchemaMessages(schemaTree, tree);
        List<Diagnostic> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            wording.diagnostic(m, pointer(m.getInstanceLocation())).ifPresent(d -> {
                if (!out.contains(d)) {
                    out.add(d);
                }
            });
        }
        return out;
    }

    static String pointer(JsonNodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            b.append(e instanceof Integer n ? Pointer.child("", n) : Pointer.child("", String.valueOf(e)));
        }
        return b.toString();
    }
}
