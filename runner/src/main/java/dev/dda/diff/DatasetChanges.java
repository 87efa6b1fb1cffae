package dev.dda.diff;

import dev.dda.graph.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed in the data: files per dataset, and for labels taken from folder names, the count per label.
 * Works on plain attribute maps so that it serves a spec-to-spec comparison and a plan's before/after alike.
 */
public final class DatasetChanges {
    /** One dataset's file changes. */
    public record DatasetDiff(Address dataset, int filesBefore, int filesAfter, FileDelta files) {
    }

    /** Objects per label before and after, for a labeling resource whose labels are folder names. */
    public record LabelCounts(Address labeling, Map<String, Integer> before, Map<String, Integer> after) {
        public LabelCounts {
            before = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(before));
            after = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }

        public boolean changed() {
            return !before.equals(after);
        }
    }

    private DatasetChanges() {}

    /** Datasets whose files differ (including datasets added or removed with files). */
    public static List<DatasetDiff> datasets(Map<Address, Map<String, Object>> before,
                                             Map<Address, Map<String, Object>> after) {
        List<DatasetDiff> out = new ArrayList<>();
        for (Address a : addresses(before, after, "dataset")) {
            Map<String, ?> fb = files(before.get(a));
            Map<String, ?> fa = files(after.get(a));
            FileDelta delta = FileDelta.between(fb, fa);
            if (!delta.isEmpty()) {
                out.add(new DatasetDiff(a, fb.size(), fa.size(), delta));
            }
        }
        return out;
    }

    /** Label counts of every labeling resource that takes its labels from folder names. */
    public static List<LabelCounts> labels(Map<Address, Map<String, Object>> before,
                                           Map<Address, Map<String, Object>> after) {
        List<LabelCounts> out = new ArrayList<>();
        for (Address a : addresses(before, after, "labeling")) {
            Map<String, Object> lb = before.get(a);
            Map<String, Object> la = after.get(a);
            if (fromFolders(lb) || fromFolders(la)) {
                out.add(new LabelCounts(a, counts(lb, before), counts(la, after)));
            }
        }
        return out;
    }

    private static boolean fromFolders(Map<String, Object> labeling) {
        return labeling != null && "folders".equals(labeling.get("from"));
    }

    /** Files under each label's top-level folder; labels in the order the spec lists them. */
    private static Map<String, Integer> counts(Map<String, Object> labeling, Map<Address, Map<String, Object>> all) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (labeling == null) {
            return out;
        }
        Map<String, ?> files = files(all.get(Address.of("dataset", String.valueOf(labeling.get("dataset")))));
        if (labeling.get("labels") instanceof List<?> labels) {
            labels.forEach(l -> out.put(String.valueOf(l), 0));
        }
        for (String f : files.keySet()) {
            int slash = f.indexOf('/');
            String label = slash < 0 ? null : f.substring(0, slash);
            if (label != null && out.containsKey(label)) {
                out.merge(label, 1, Integer::sum);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> files(Map<String, Object> attributes) {
        return attributes != null && attributes.get("files") instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    private static TreeSet<Address> addresses(Map<Address, ?> before, Map<Address, ?> after, String kind) {
        TreeSet<Address> out = new TreeSet<>();
        before.keySet().stream().filter(a -> a.kind().equals(kind)).forEach(out::add);
        after.keySet().stream().filter(a -> a.kind().equals(kind)).forEach(out::add);
        return out;
    }
}
