package dev.dda.target.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a folder of objects differs from the files it should hold, by content hash.
 *
 * @param added in the source, not yet in the bucket
 * @param changed in both, with different content
 * @param deleted in the bucket, no longer in the source
 */
record FileSetDiff(List<String> added, List<String> changed, List<String> deleted) {
    private static final int NAMES_SHOWN = 3;

    FileSetDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
    }

    static FileSetDiff between(Map<String, String> desired, Map<String, String> actual) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (var e : new TreeMap<>(desired).entrySet()) {
            String have = actual.get(e.getKey());
            if (have == null) {
                added.add(e.getKey());
            } else if (!hex(have).equals(hex(e.getValue()))) {
                changed.add(e.getKey());
            }
        }
        for (String k : new TreeMap<>(actual).keySet()) {
            if (!desired.containsKey(k)) {
                deleted.add(k);
            }
        }
        return new FileSetDiff(added, changed, deleted);
    }

    /** Hashes may be written bare or as {@code sha256:HEX}. */
    static String hex(String hash) {
        int colon = hash.indexOf(':');
        return (colon < 0 ? hash : hash.substring(colon + 1)).toLowerCase(java.util.Locale.ROOT);
    }

    /** Files to copy (added and changed), in path order. */
    List<String> toCopy() {
        List<String> out = new ArrayList<>(added);
        out.addAll(changed);
        out.sort(null);
        return out;
    }

    boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && deleted.isEmpty();
    }

    /** {@code 3 added, 1 changed, 0 deleted: anomaly/41.png, …} (the deleted count only when deleting). */
    String summary(boolean withDeletions) {
        List<String> names = new ArrayList<>(toCopy());
        if (withDeletions) {
            names.addAll(deleted);
        }
        return added.size() + " added, " + changed.size() + " changed, " + (withDeletions ? deleted.size() : 0)
                + " deleted: " + names(names);
    }

    static String names(List<String> names) {
        List<String> shown = names.subList(0, Math.min(NAMES_SHOWN, names.size()));
        return String.join(", ", shown) + (names.size() > NAMES_SHOWN ? ", …" : "");
    }

    static SortedMap<String, String> asHashes(Map<String, ?> files) {
        SortedMap<String, String> out = new TreeMap<>();
        files.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
