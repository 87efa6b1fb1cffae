package dev.dda.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:PATH}} strings by {@link Secret}s. A reference must be the whole
 * value, so that a secret is never spliced into a string that something might print.
 */
final class SecretResolver {
    private static final Pattern WHOLE = Pattern.compile("\\$\\{([a-zA-Z]+):([^}]*)}");
    /** Where secrets may stand: a secret elsewhere would reach places (names, tags) that are printed. */
    private static final Pattern SECRET_FIELDS = Pattern.compile("/accounts/[^/]+/externalId");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path baseDir;
    private final Map<String, String> env;
    private final YamlTree tree;
    private final List<Diagnostic> diagnostics;

    SecretResolver(Path baseDir, Map<String, String> env, YamlTree tree, List<Diagnostic> diagnostics) {
        this.baseDir = baseDir;
        this.env = env;
        this.tree = tree;
        this.diagnostics = diagnostics;
    }

    Object resolve(Object value, String pointer) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, resolve(v, Pointer.child(pointer, (String) k))));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                out.add(resolve(v, Pointer.child(pointer, out.size())));
            }
            return out;
        }
        if (value instanceof String s && s.contains("${")) {
            return secret(s, pointer);
        }
        return value;
    }

    private Object secret(String text, String pointer) {
        Matcher m = WHOLE.matcher(text.trim());
        if (!m.matches()) {
            if (text.contains("${env:") || text.contains("${file:")) {
                error(pointer, "a secret reference must be the whole value; write the value as just \"${env:NAME}\" "
                        + "or \"${file:PATH}\"");
            }
            return text;
        }
        if (!SECRET_FIELDS.matcher(pointer).matches()) {
            error(pointer, "secret references are read only in accounts.NAME.externalId; write the value itself here");
            return text;
        }
        String source = m.group(1);
        String name = m.group(2);
        switch (source) {
            case "env":
                return fromEnv(text.trim(), name, pointer);
            case "file":
                return fromFile(text.trim(), name, pointer);
            default:
                error(pointer, "unknown secret source '" + source + "'; use ${env:NAME} or ${file:PATH}");
                return text;
        }
    }

    private Object fromEnv(String reference, String name, String pointer) {
        if (!ENV_NAME.matcher(name).matches()) {
            error(pointer, "'" + name + "' is not an environment variable name; use letters, digits and '_', "
                    + "such as ${env:USECASE_EXTERNAL_ID}");
            return reference;
        }
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            error(pointer, "environment variable " + name + " is " + (value == null ? "not set" : "empty")
                    + "; set it before running dda (its value is a secret: dda never prints or stores it)");
            return reference;
        }
        return new Secret(reference, value);
    }

    private Object fromFile(String reference, String path, String pointer) {
        if (path.isBlank()) {
            error(pointer, "the secret file path is empty; write ${file:PATH}, PATH relative to the spec file");
            return reference;
        }
        Path file;
        try {
            file = baseDir.resolve(path).normalize();
        } catch (InvalidPathException e) {
            error(pointer, "the secret file path is not usable (" + e.getReason() + "); write ${file:PATH}, PATH "
                    + "relative to the spec file");
            return reference;
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                error(pointer, "secret file " + path + " is empty; put the secret in it");
                return reference;
            }
            return new Secret(reference, value);
        } catch (IOException e) {
            error(pointer, "cannot read secret file " + path + " (looked for " + file + "); create it or fix the "
                    + "path, which is relative to the spec file");
            return reference;
        }
    }

    private void error(String pointer, String message) {
        SourceLocation where = tree.valueLocations().get(pointer);
        diagnostics.add(Diagnostic.error(where, Pointer.field(pointer), message));
    }
}
