package dev.dda.spec;

import java.util.Map;

/**
 * A YAML document as plain values (Map, List, String, Long, Double, Boolean, null) with the source location of
 * every value and of every mapping key, both by JSON pointer.
 */
record YamlTree(Object root, Map<String, SourceLocation> valueLocations, Map<String, SourceLocation> keyLocations) {
    /** Where the key of a mapping entry stands; the value's location when the pointer names no key. */
    SourceLocation keyLocation(String pointer) {
        SourceLocation l = keyLocations.get(pointer);
        return l != null ? l : valueLocations.get(pointer);
    }
}
