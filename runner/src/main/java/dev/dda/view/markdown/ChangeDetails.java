package dev.dda.view.markdown;

import dev.dda.diff.FieldChange;
import dev.dda.diff.FileDelta;
import dev.dda.diff.Values;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One change folded in {@code <details>}: its reasons, then its attributes as a diff. A closed block. */
public final class ChangeDetails {
    static final int MAX_LINES = 80;
    static final int MAX_VALUE = 300;
    private static final Set<String> FILES = Set.of("files");

    private ChangeDetails() {}

    public static String render(Change c) {
        StringBuilder s = new StringBuilder("<details><summary>").append(Md.code(c.address().toString()))
                .append(" <b>").append(c.action().label()).append("</b>");
        if (!c.reasons().isEmpty()) {
            s.append(" — ").append(Md.html(Md.clip(c.reasons().get(0), 160)));
        }
        s.append("</summary>\n\n");
        c.reasons().stream().limit(20).forEach(r -> s.append("- ").append(Md.text(Md.clip(r, 500))).append('\n'));
        List<String> lines = lines(c);
        if (!lines.isEmpty()) {
            if (lines.size() > MAX_LINES) {
                int more = lines.size() - MAX_LINES;
                lines = new ArrayList<>(lines.subList(0, MAX_LINES));
                lines.add("  … " + more + " more lines in the JSON plan");
            }
            s.append('\n').append(Md.fence("diff", String.join("\n", lines)));
        }
        return s.append("\n</details>\n").toString();
    }

    private static List<String> lines(Change c) {
        List<String> out = new ArrayList<>();
        // file listings (path → digest) read as counts and a summary; a target that reports a plain count is
        // shown like any other attribute
        boolean listings = Sides.before(c).get("files") instanceof Map || Sides.after(c).get("files") instanceof Map;
        Set<String> skip = listings ? FILES : Set.of();
        if (c.action() == Action.CREATE || Sides.before(c).isEmpty()) {
            Values.flatten(Sides.after(c), skip).forEach((k, v) -> out.add("+ " + k + ": " + value(v)));
        } else if (c.action() == Action.DELETE || Sides.after(c).isEmpty()) {
            Values.flatten(Sides.before(c), skip).forEach((k, v) -> out.add("- " + k + ": " + value(v)));
        } else {
            for (FieldChange f : FieldChange.between(Sides.before(c), Sides.after(c), skip)) {
                if (f.before() != null) {
                    out.add("- " + f.path() + ": " + Md.clip(f.before(), MAX_VALUE));
                }
                if (f.after() != null) {
                    out.add("+ " + f.path() + ": " + Md.clip(f.after(), MAX_VALUE));
                }
            }
        }
        if (listings) {
            files(c).ifPresent(out::add);
        }
        return out;
    }

    private static java.util.Optional<String> files(Change c) {
        Map<String, ?> before = map(Sides.before(c).get("files"));
        Map<String, ?> after = map(Sides.after(c).get("files"));
        if (before.isEmpty() && after.isEmpty()) {
            return java.util.Optional.empty();
        }
        FileDelta d = FileDelta.between(before, after);
        String marker = d.isEmpty() ? " " : "!";
        return java.util.Optional.of(marker + " files: " + before.size() + " → " + after.size() + " (" + d.summary() + ")");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    private static String value(Object v) {
        return Md.clip(Values.render(v), MAX_VALUE);
    }
}
