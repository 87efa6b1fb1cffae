package dev.dda.target.local.device;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Greengrass recipe variables: {@code {artifacts:path}}, {@code {artifacts:decompressedPath}}, {@code {work:path}},
 * {@code {kernel:rootPath}}, {@code {configuration:/a/b}}, {@code {iot:thingName}}, and the same prefixed by a
 * dependency's name ({@code {dda.EdgeService:work:path}}). A variable this device cannot resolve is an error, never
 * left in a script.
 */
public final class Placeholders {
    private static final Pattern VARIABLE = Pattern.compile(
            "\\{(?:([A-Za-z0-9._-]+):)?(artifacts:path|artifacts:decompressedPath|work:path|kernel:rootPath"
                    + "|configuration:(/[^}]*)|iot:thingName)}");

    /** What one component's variables resolve to. */
    public record Scope(String artifactsPath, String decompressedPath, String workPath, Map<String, Object> configuration) {
    }

    private Placeholders() {}

    /**
     * @param own this component's scope
     * @param dependency scope of a dependency by name, or null when it is not a dependency
     */
    public static String substitute(String text, Scope own, Function<String, Scope> dependency, String kernelRoot,
                                    String thingName) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Scope scope = own;
            if (m.group(1) != null) {
                scope = dependency.apply(m.group(1));
                if (scope == null) {
                    throw new IllegalArgumentException("recipe variable " + m.group() + " names " + m.group(1)
                            + ", which is not an installed dependency");
                }
            }
            String value = switch (m.group(2)) {
                case "artifacts:path" -> scope.artifactsPath();
                case "artifacts:decompressedPath" -> scope.decompressedPath();
                case "work:path" -> scope.workPath();
                case "kernel:rootPath" -> kernelRoot;
                case "iot:thingName" -> thingName;
                default -> configuration(scope.configuration(), m.group(3), m.group());
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A JSON pointer into the configuration; objects and lists come out as JSON, like Greengrass does. */
    static String configuration(Map<String, Object> config, String pointer, String variable) {
        Object node = config;
        for (String part : pointer.substring(1).split("/")) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> map && map.containsKey(key)) {
                node = map.get(key);
            } else if (node instanceof List<?> list && key.matches("\\d+") && Integer.parseInt(key) < list.size()) {
                node = list.get(Integer.parseInt(key));
            } else {
                throw new IllegalArgumentException("recipe variable " + variable + ": the configuration has no " + pointer);
            }
        }
        if (node instanceof Map<?, ?> || node instanceof List<?>) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(node);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        if (node instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(node);
    }
}
