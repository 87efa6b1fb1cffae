package dev.dda.view;

import dev.dda.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Lines like {@code tags.owner: "a" → "b"} for the attributes that differ between before and after. */
final class AttributeDiff {
    private static final int MAX_VALUE = 60;

    private AttributeDiff() {}

    /**
     * The differing attributes, except those a reason already names (a reason that starts with the attribute's
     * path or a parent's, as {@code tags: … → …} or {@code hyperparameters.lr 0.01 → 0.02 forces …} do).
     */
    static List<String> lines(Map<String, Object> before, Map<String, Object> after, List<String> reasons,
                              int limit) {
        List<String> all = new ArrayList<>();
        walk("", before == null ? Map.of() : before, after == null ? Map.of() : after, all);
        List<String> out = new ArrayList<>(all.stream().filter(line -> !named(line, reasons)).toList());
        if (out.size() > limit) {
            int more = out.size() - limit;
            out = new ArrayList<>(out.subList(0, limit));
            out.add("… and " + more + " more");
        }
        return out;
    }

    private static boolean named(String line, List<String> reasons) {
        String path = line.substring(0, line.indexOf(": "));
        for (String prefix = path; !prefix.isEmpty(); prefix = prefix.contains(".")
                ? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
            String p = prefix;
            if (reasons.stream().anyMatch(r -> r.startsWith(p + ":") || r.startsWith(p + " "))) {
                return true;
            }
        }
        return false;
    }

    private static void walk(String prefix, Map<?, ?> before, Map<?, ?> after, List<String> out) {
        Set<String> keys = new TreeSet<>();
        before.keySet().forEach(k -> keys.add(String.valueOf(k)));
        after.keySet().forEach(k -> keys.add(String.valueOf(k)));
        for (String k : keys) {
            Object b = before.get(k);
            Object a = after.get(k);
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (b instanceof Map<?, ?> bm && a instanceof Map<?, ?> am) {
                walk(path, bm, am, out);
            } else if (!Json.canonical(b).equals(Json.canonical(a))) {
                out.add(path + ": " + show(b, before.containsKey(k)) + " → " + show(a, after.containsKey(k)));
            }
        }
    }

    private static String show(Object v, boolean present) {
        if (!present) {
            return "(none)";
        }
        String s = Json.canonical(v);
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
    }
}
