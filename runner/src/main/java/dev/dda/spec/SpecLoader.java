package dev.dda.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Loads, validates and checks a {@code dda-pipeline.yaml}: YAML, then JSON Schema, then meaning. */
public final class SpecLoader {
    private static final int SPECS_SHOWN = 5;

    private SpecLoader() {}

    /** Never throws for bad input: every problem is a diagnostic. Secrets come from this process's environment. */
    public static SpecResult load(Path file) {
        return load(file, System.getenv());
    }

    /** As {@link #load(Path)}, with {@code ${env:NAME}} references looked up in {@code env}. */
    public static SpecResult load(Path file, Map<String, String> env) {
        String name = file.toString();
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (Files.isDirectory(file)) {
            return failed(name, "is a folder, not a spec file; " + specsIn(file));
        }
        byte[] bytes;
        String text;
        try {
            bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return failed(name, "no such file; pass the spec with -f FILE (default ./dda-pipeline.yaml)");
        } catch (CharacterCodingException e) {
            return failed(name, "not UTF-8 text; save the spec as UTF-8");
        } catch (IOException e) {
            return failed(name, "cannot read: " + e.getMessage());
        }
        Optional<YamlTree> parsed = new YamlReader(name, diagnostics).read(text);
        if (parsed.isEmpty()) {
            return new SpecResult(null, diagnostics);
        }
        YamlTree tree = parsed.get();
        diagnostics.addAll(SchemaCheck.get().check(tree));
        Path baseDir = file.toAbsolutePath().getParent();
        Object resolved = new SecretResolver(baseDir, env, tree, diagnostics).resolve(tree.root(), "");
        if (tree.root() instanceof Map<?, ?>) {
            new SemanticCheck(tree, baseDir, diagnostics).run();
        }
        diagnostics.sort(SpecLoader::byPlace);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new SpecResult(null, diagnostics);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) frozen(resolved);
        return new SpecResult(spec(file, document, sha256(bytes), tree), diagnostics);
    }

    private static LoadedSpec spec(Path file, Map<String, Object> document, String hash, YamlTree tree) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
        String target = (String) document.get("target");
        Object region = document.get("region");
        return new LoadedSpec(file, (String) metadata.get("name"), target,
                region instanceof String r ? r : SpecDefaults.REGION, document, hash, tree.valueLocations());
    }

    /** What to pass instead of a folder: its specs, when it has some (a -f aimed at examples/pipelines). */
    private static String specsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> specs = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml")).sorted().limit(SPECS_SHOWN).toList();
            return specs.isEmpty() ? "it holds no .yaml file; pass the spec with -f FILE"
                    : "pass one of its specs with -f, e.g. " + dir.resolve(specs.get(0)) + " (it holds "
                    + String.join(", ", specs) + ")";
        } catch (IOException e) {
            return "pass the spec with -f FILE";
        }
    }

    private static SpecResult failed(String file, String message) {
        return new SpecResult(null, List.of(Diagnostic.error(SourceLocation.unknown(file), "", message)));
    }

    private static int byPlace(Diagnostic a, Diagnostic b) {
        int c = Integer.compare(a.location().line(), b.location().line());
        return c != 0 ? c : Integer.compare(a.location().column(), b.location().column());
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, frozen(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(frozen(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
