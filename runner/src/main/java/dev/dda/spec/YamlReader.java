package dev.dda.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text with SnakeYAML Engine at node level, so that every value keeps its line and column and that
 * duplicate keys are reported with both places (the engine's own constructor would keep the last one silently
 * or stop at the first).
 */
final class YamlReader {
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final String DROP_THE_TAG = "remove the tag (a spec holds text, numbers, true/false and null)";
    private final String file;
    private final List<Diagnostic> diagnostics;
    private final Map<String, SourceLocation> values = new HashMap<>();
    private final Map<String, SourceLocation> keys = new HashMap<>();
    private final LoadSettings settings;
    /** Collections on the path being converted, by identity, to stop at recursive aliases. */
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private final StandardConstructor scalars;

    YamlReader(String file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true).setMaxAliasesForCollections(50).build();
        this.scalars = new StandardConstructor(settings);
    }

    /** The tree, or empty when the text is not YAML (a diagnostic then says where and why). */
    Optional<YamlTree> read(String text) {
        Node root;
        try {
            Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
            List<Node> all = new ArrayList<>();
            for (Node n : documents) {
                all.add(n);
            }
            if (all.isEmpty()) {
                diagnostics.add(Diagnostic.error(new SourceLocation(file, 1, 1), "",
                        "the file is empty; expected a pipeline starting with apiVersion: dda/v1"));
                return Optional.empty();
            }
            if (all.size() > 1) {
                diagnostics.add(Diagnostic.error(location(all.get(1)), "",
                        "a second YAML document starts here; a spec holds exactly one document"));
                return Optional.empty();
            }
            root = all.get(0);
        } catch (MarkedYamlEngineException e) {
            diagnostics.add(YamlSyntax.diagnostic(file, text, settings, e));
            return Optional.empty();
        } catch (YamlEngineException e) {
            diagnostics.add(Diagnostic.error(new SourceLocation(file, 1, 1), "", "not valid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        Object value = convert(root, "");
        return Optional.of(new YamlTree(value, Map.copyOf(values), Map.copyOf(keys)));
    }

    private Object convert(Node node, String pointer) {
        values.put(pointer, location(node));
        if (node instanceof ScalarNode s) {
            return scalar(s, pointer);
        }
        if (!open.add(node)) {
            // an alias inside the collection it names: YAML allows it, a spec cannot mean it
            diagnostics.add(Diagnostic.error(location(node), Pointer.field(pointer),
                    "this alias refers to a collection that contains it, which never ends; copy the values instead"));
            return null;
        }
        try {
            if (node instanceof MappingNode m) {
                return mapping(m, pointer);
            }
            List<Object> out = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                out.add(convert(item, Pointer.child(pointer, out.size())));
            }
            return out;
        } finally {
            open.remove(node);
        }
    }

    private Map<String, Object> mapping(MappingNode m, String pointer) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode k)) {
                diagnostics.add(Diagnostic.error(location(keyNode), Pointer.field(pointer),
                        "a key must be a plain name, not a list or mapping"));
                continue;
            }
            String key = k.getValue();
            String child = Pointer.child(pointer, key);
            if (out.containsKey(key)) {
                SourceLocation first = keys.get(child);
                diagnostics.add(Diagnostic.error(location(keyNode), Pointer.field(child),
                        "duplicate key '" + key + "'; it is already set at " + first + "; keep one of them"));
                continue;
            }
            keys.put(child, location(keyNode));
            out.put(key, convert(t.getValueNode(), child));
        }
        return out;
    }

    /** A scalar's value, or (with a diagnostic) its text when it is not one a spec can hold. */
    private Object scalar(ScalarNode s, String pointer) {
        Object v;
        try {
            v = construct(s);
        } catch (YamlEngineException e) {
            // an explicit tag the core schema has no constructor for (!!timestamp), or a value it cannot take
            return refused(s, pointer, "the tag " + shortTag(s) + " cannot be read here; " + DROP_THE_TAG);
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            // YAML's .nan and .inf have no JSON counterpart, so no schema rule could judge them
            return refused(s, pointer, "'" + s.getValue() + "' is not a finite number; write a number such as 0.5,"
                    + " or quote it if a text is meant");
        }
        if (!(v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean)) {
            // an explicit tag such as !!binary makes a value JSON has no type for (and the schema check fails on)
            return refused(s, pointer, "the tag " + shortTag(s) + " makes this value binary data or another type a"
                    + " spec cannot hold; " + DROP_THE_TAG);
        }
        return v;
    }

    private String refused(ScalarNode s, String pointer, String message) {
        diagnostics.add(Diagnostic.error(location(s), Pointer.field(pointer), message));
        return s.getValue();
    }

    private Object construct(ScalarNode node) {
        Object v = scalars.constructSingleDocument(Optional.of(node));
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    private static String shortTag(ScalarNode s) {
        String tag = s.getTag().getValue();
        return tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag;
    }

    private SourceLocation location(Node node) {
        return node.getStartMark().map(this::location).orElse(SourceLocation.unknown(file));
    }

    private SourceLocation location(Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
