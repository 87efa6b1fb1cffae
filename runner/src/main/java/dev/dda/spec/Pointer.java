package dev.dda.spec;

import java.util.ArrayList;
import java.util.List;

/** JSON pointers ({@code /buckets/data/name}) and the field names users read ({@code buckets.data.name}). */
public final class Pointer {
    private Pointer() {}

    public static String child(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    public static List<String> segments(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String s : pointer.substring(1).split("/", -1)) {
            out.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    public static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /**
     * The field as users write it: {@code fleets.line-1.devices[0]}; keys holding dots are quoted,
     * {@code components["com.example.detector"].model}.
     */
    public static String field(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String s : segments(pointer)) {
            if (s.matches("[0-9]+") && b.length() > 0) {
                b.append('[').append(s).append(']');
            } else if (s.contains(".") || s.isEmpty() || s.contains(" ")) {
                b.append("[\"").append(s).append("\"]");
            } else {
                b.append(b.length() == 0 ? "" : ".").append(s);
            }
        }
        return b.toString();
    }
}
