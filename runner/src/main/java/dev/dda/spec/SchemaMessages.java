package dev.dda.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import dev.dda.text.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Words networknt's validation messages for people: field, what is wrong, what would be right. */
final class SchemaMessages {
    private final JsonNode schemaTree;
    private final YamlTree tree;

    SchemaMessages(JsonNode schemaTree, YamlTree tree) {
        this.schemaTree = schemaTree;
        this.tree = tree;
    }

    Optional<Diagnostic> diagnostic(ValidationMessage m, String pointer) {
        JsonNode rule = parentSchema(m);
        JsonNode value = m.getInstanceNode();
        switch (m.getType()) {
            case "additionalProperties": {
                String child = Pointer.child(pointer, m.getProperty());
                return at(tree.keyLocation(child), child, "unknown key '" + m.getProperty() + "'"
                        + suggest(m.getProperty(), names(rule.path("properties"))));
            }
            case "required": {
                String child = Pointer.child(pointer, m.getProperty());
                return at(tree.keyLocation(pointer), child, "missing; add " + m.getProperty() + ": "
                        + describe(declaration(m, m.getProperty())));
            }
            case "type": {
                boolean quotable = "string".equals(rule.path("type").asText()) && (value.isNumber() || value.isBoolean());
                return at(value(pointer), pointer, "expected " + expectedType(rule.path("type")) + ", found "
                        + found(value) + (quotable ? "; put the value in quotes as written, such as \"" + value.asText()
                        + "\" (YAML reads it as a " + (value.isBoolean() ? "boolean" : "number") + " otherwise)" : ""));
            }
            case "enum":
            case "const": {
                List<String> allowed = names(rule.path(m.getType()));
                String typed = value.isTextual() ? value.asText() : value.toString();
                return at(value(pointer), pointer, found(value) + " is not allowed; use "
                        + (allowed.size() == 1 ? allowed.get(0) : "one of: " + String.join(", ", allowed))
                        + (allowed.size() == 1 ? "" : closest(typed, allowed)));
            }
            case "pattern":
                return at(value(pointer), pointer, (rule.path("x-secret").asBoolean() ? "this value (not shown: it "
                        + "may be a secret)" : found(value)) + " is not valid; expected "
                        + rule.path("x-expected").asText("a value matching " + rule.path("pattern").asText()));
            case "propertyNames": {
                String name = m.getProperty() != null ? m.getProperty() : String.valueOf(m.getArguments()[0]);
                String child = Pointer.child(pointer, name);
                JsonNode names = resolve(m.getSchemaNode());
                return at(tree.keyLocation(child), child, "the name '" + name + "' is not valid; use "
                        + names.path("x-expected").asText("a name matching " + names.path("pattern").asText()));
            }
            case "minProperties":
            case "maxProperties":
                if (rule.has("minProperties") && rule.path("maxProperties").asInt(-1) == 1) {
                    return at(value(pointer), pointer, "set exactly one of: "
                            + String.join(", ", names(rule.path("properties"))));
                }
                return generic(m, pointer);
            case "if":
            case "then":
            case "else":
            case "allOf":
            case "anyOf":
            case "oneOf":
                return Optional.empty(); // the failing branch's own messages say more
            default:
                return generic(m, pointer);
        }
    }

    private Optional<Diagnostic> generic(ValidationMessage m, String pointer) {
        String message = m.getMessage();
        int colon = message.indexOf(": ");
        String text = colon >= 0 && message.startsWith(m.getInstanceLocation().toString())
                ? message.substring(colon + 2) : message;
        return at(value(pointer), pointer, text);
    }

    private JsonNode parentSchema(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        JsonNodePath parent = fragment.getParent();
        return parent == null ? schemaTree : schemaTree.at(SchemaCheck.pointer(parent));
    }

    private SourceLocation value(String pointer) {
        SourceLocation l = tree.valueLocations().get(pointer);
        return l != null ? l : tree.keyLocation(Pointer.parent(pointer));
    }

    private Optional<Diagnostic> at(SourceLocation where, String pointer, String message) {
        return Optional.of(Diagnostic.error(where, Pointer.field(pointer), message));
    }

    /** Follows a local {@code $ref} ("#/$defs/name"), the only kind our schema uses. */
    private JsonNode resolve(JsonNode schema) {
        String ref = schema == null ? "" : schema.path("$ref").asText("");
        return ref.startsWith("#") ? schemaTree.at(ref.substring(1)) : schema;
    }

    /** The schema of a property, from the nearest enclosing schema that declares it (if/then branches do not). */
    private JsonNode declaration(ValidationMessage m, String property) {
        JsonNodePath path = m.getSchemaLocation().getFragment();
        while (path != null) {
            JsonNode node = schemaTree.at(SchemaCheck.pointer(path)).path("properties").path(property);
            if (!node.isMissingNode()) {
                return node;
            }
            path = path.getParent();
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String describe(JsonNode property) {
        String description = property.path("description").asText("");
        if (property.has("enum")) {
            return "one of " + String.join(", ", names(property.path("enum")));
        }
        return description.isEmpty() ? "..." : "... (" + description.replaceAll("\\.$", "") + ")";
    }

    static String expectedType(JsonNode type) {
        List<String> words = new ArrayList<>();
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            words.add(article(t.asText()));
        }
        return String.join(" or ", words);
    }

    private static String article(String type) {
        switch (type) {
            case "object":
                return "a mapping (key: value lines)";
            case "array":
                return "a list";
            case "integer":
                return "a whole number";
            case "number":
                return "a number";
            case "boolean":
                return "true or false";
            case "string":
                return "a string";
            default:
                return type;
        }
    }

    static String found(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing (null)";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.toString();
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    /** "; did you mean 'labels'?" when one allowed name is close, else the list of allowed names. */
    private static String suggest(String typed, List<String> allowed) {
        String close = closest(typed, allowed);
        if (!close.isEmpty()) {
            return close;
        }
        return allowed.isEmpty() ? "; remove it" : "; allowed keys here: " + String.join(", ", allowed);
    }

    static String closest(String typed, List<String> allowed) {
        return EditDistance.closest(typed, allowed, Math.max(2, typed.length() / 3))
                .map(best -> "; did you mean '" + best + "'?").orElse("");
    }
}
