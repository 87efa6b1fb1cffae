package dev.dda.edge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code manifest.json}. Reading validates against {@code schema/model-manifest.schema.json}
 * (bundled in the jar) before binding, so every error names the field at fault.
 */
public final class ManifestCodec {
    private static final String SCHEMA_RESOURCE = "model-manifest.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a metric may be undefined (precision with no positive prediction): Jackson writes NaN unquoted
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    private static final JsonSchema SCHEMA = loadSchema();

    private ManifestCodec() {}

    public static ModelManifest read(Path file) throws ModelPackageException {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelPackageException(file + ": not readable JSON: " + e.getMessage(), e);
        }
        return fromTree(tree, file.toString());
    }

    public static ModelManifest parse(String json, String origin) throws ModelPackageException {
        try {
            return fromTree(JSON.readTree(json), origin);
        } catch (IOException e) {
            throw new ModelPackageException(origin + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static ModelManifest fromTree(JsonNode tree, String origin) throws ModelPackageException {
        if (tree == null || !tree.isObject()) {
            throw new ModelPackageException(origin + ": a manifest must be a JSON object");
        }
        // a metric may be NaN (undefined); anywhere else a non-finite number would make the validator throw
        List<String> nonFinite = NonFiniteNumbers.in(tree).stream().filter(p -> !p.startsWith("/metrics/")).toList();
        if (!nonFinite.isEmpty()) {
            throw new ModelPackageException(origin + ": " + String.join(", ", nonFinite) + " must be a finite number"
                    + " (too large a number, NaN or Infinity was written); write the number the trainer wrote");
        }
        Set<ValidationMessage> errors = SCHEMA.validate(tree);
        if (!errors.isEmpty()) {
            String list = errors.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; "));
            throw new ModelPackageException(origin + ": manifest does not match model-manifest.schema.json: " + list);
        }
        try {
            return JSON.treeToValue(tree, ModelManifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelPackageException(origin + ": manifest is not usable: " + e.getMessage(), e);
        }
    }

    public static String toJson(ModelManifest manifest) {
        try {
            return JSON.writeValueAsString(manifest) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(ModelManifest manifest, Path file) throws IOException {
        Files.writeString(file, toJson(manifest));
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ManifestCodec.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
