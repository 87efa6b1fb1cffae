package dev.dda.plan.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** {@code schema/dda-plan.schema.json}, which every plan dda writes follows: what a plan file is checked against. */
final class PlanSchema {
    private static final String RESOURCE = "dda/schema/dda-plan.schema.json";
    private static volatile JsonSchema schema;

    private PlanSchema() {}

    /** A violation: the JSON pointer of the value, and what is wrong with it. */
    record Violation(String pointer, String message) {}

    /** The violations, each once. */
    static List<Violation> check(JsonNode document) {
        return get().validate(document).stream()
                .map(m -> new Violation(m.getInstanceLocation().toString(), message(m))).distinct().toList();
    }

    /** networknt starts its message with the pointer, which the caller shows with the location instead. */
    private static String message(ValidationMessage m) {
        String text = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static JsonSchema get() {
        JsonSchema s = schema;
        if (s == null) {
            try (InputStream in = PlanSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the plan schema " + RESOURCE + " is missing from the class path;"
                            + " rebuild dda");
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                        .locale(Locale.ROOT).build();
                s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Json.mapper().readTree(in),
                        config);
                schema = s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }
}
