package dev.dda.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What a pipeline spec reads from the repository besides itself: local dataset source folders and local
 * manifests. Read from the raw YAML on purpose, without the full spec checks, so that a broken spec in a pull
 * request still shows up in {@code dda changed} (and then fails its plan visibly) instead of silently vanishing
 * from the CI matrix.
 *
 * @param pipeline {@code metadata.name}, or null when the file does not say
 * @param target {@code target} (aws, local), or null when the file does not say
 * @param references paths as written in the spec, relative to the spec's folder
 * @param secretFiles the PATHs of {@code ${file:PATH}} secret references (accounts.NAME.externalId), as written:
 *     secrets are not in git, so a spec read from another revision takes them from the work tree
 */
public record SpecInputs(String pipeline, String target, List<String> references, List<String> secretFiles) {
    private static final int MAX_SPEC_BYTES = 4 * 1024 * 1024;

    public SpecInputs {
        references = List.copyOf(references);
        secretFiles = List.copyOf(secretFiles);
    }

    /**
     * The inputs of a dda pipeline spec; empty when the bytes are not one ({@code apiVersion: dda/...} with
     * {@code kind: Pipeline}). A file that names {@code apiVersion: dda/} but does not parse counts as a spec
     * with no known references.
     */
    public static Optional<SpecInputs> parse(byte[] yaml) {
        if (yaml.length > MAX_SPEC_BYTES) {
            return Optional.empty();
        }
        String text = new String(yaml, StandardCharsets.UTF_8);
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build()).loadFromString(text);
        } catch (RuntimeException e) {
            return text.contains("apiVersion: dda/") ? Optional.of(new SpecInputs(null, null, List.of(), List.of())) : Optional.empty();
        }
        if (!(doc instanceof Map<?, ?> root) || !isPipeline(root)) {
            return Optional.empty();
        }
        return Optional.of(new SpecInputs(name(root), root.get("target") instanceof String t ? t : null, references(root),
                secretFiles(root)));
    }

    private static boolean isPipeline(Map<?, ?> root) {
        return root.get("apiVersion") instanceof String v && v.startsWith("dda/") && "Pipeline".equals(root.get("kind"));
    }

    private static String name(Map<?, ?> root) {
        return root.get("metadata") instanceof Map<?, ?> m && m.get("name") instanceof String s ? s : null;
    }

    private static List<String> references(Map<?, ?> root) {
        Set<String> out = new LinkedHashSet<>();
        collect(root.get("datasets"), "source", out);
        collect(root.get("labeling"), "manifest", out);
        return new ArrayList<>(out);
    }

    private static List<String> secretFiles(Map<?, ?> root) {
        List<String> out = new ArrayList<>();
        if (root.get("accounts") instanceof Map<?, ?> accounts) {
            for (Object account : accounts.values()) {
                if (account instanceof Map<?, ?> m && m.get("externalId") instanceof String s
                        && s.strip().startsWith("${file:") && s.strip().endsWith("}")) {
                    out.add(s.strip().substring(7, s.strip().length() - 1));
                }
            }
        }
        return out;
    }

    private static void collect(Object section, String field, Set<String> out) {
        if (!(section instanceof Map<?, ?> entries)) {
            return;
        }
        for (Object entry : entries.values()) {
            if (entry instanceof Map<?, ?> m && m.get(field) instanceof String s && isLocal(s)) {
                out.add(s);
            }
        }
    }

    /** s3://…, https://… and ${…} references are not files in the repository. */
    private static boolean isLocal(String s) {
        return !s.isBlank() && !s.contains("://") && !s.startsWith("${");
    }

    /** The spec file itself and its references, as normalized repository-relative paths. */
    public List<String> repoPaths(String specRepoPath) {
        String spec = GitRevision.normalize(specRepoPath);
        int slash = spec.lastIndexOf('/');
        String dir = slash < 0 ? "" : spec.substring(0, slash);
        List<String> out = new ArrayList<>();
        out.add(spec);
        for (String ref : references) {
            String joined = ref.startsWith("/") ? null : (dir.isEmpty() ? ref : dir + "/" + ref);
            if (joined == null) {
                continue; // absolute paths are outside what a commit can hold
            }
            try {
                out.add(GitRevision.normalize(joined));
            } catch (GitException outside) {
                // a reference leaving the repository cannot change in it; the spec checks report it
            }
        }
        return out;
    }
}
