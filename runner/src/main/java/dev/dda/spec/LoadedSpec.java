package dev.dda.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec that passed every check: the YAML document as a tree (secret references resolved to {@link Secret}),
 * and where each node came from.
 *
 * @param document the whole document: Map, List, String, Number, Boolean, Secret
 * @param specHash SHA-256 of the file's bytes
 * @param locations source location of every node by its JSON pointer ("/buckets/data/name")
 */
public record LoadedSpec(Path file, String pipeline, String target, String region, Map<String, Object> document,
                         String specHash, Map<String, SourceLocation> locations) {
    public SourceLocation locationOf(String pointer) {
        SourceLocation l = locations.get(pointer);
        return l != null ? l : SourceLocation.unknown(file.toString());
    }

    /**
     * The key of the bucket that training output and component artifacts go to: the first that grants write
     * access (to SageMaker's execution role), or empty when none does.
     */
    public Optional<String> artifactBucket() {
        if (!(document.get("buckets") instanceof Map<?, ?> buckets)) {
            return Optional.empty();
        }
        for (Map.Entry<?, ?> b : buckets.entrySet()) {
            if (b.getValue() instanceof Map<?, ?> bucket && bucket.get("grants") instanceof List<?> grants
                    && grants.stream().anyMatch(g -> g instanceof Map<?, ?> gm
                            && String.valueOf(gm.get("access")).contains("write"))) {
                return Optional.of(String.valueOf(b.getKey()));
            }
        }
        return Optional.empty();
    }
}
