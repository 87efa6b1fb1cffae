package dev.dda.spec;

import java.nio.file.Path;
import java.util.Map;

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
}
