package dev.dda.view.markdown;

import dev.dda.cost.CostPolicy;
import dev.dda.diff.DatasetChanges;
import dev.dda.diff.DatasetChanges.DatasetDiff;
import dev.dda.diff.DatasetChanges.LabelCounts;
import dev.dda.diff.FieldChange;
import dev.dda.diff.SpecDiff;
import dev.dda.diff.SpecDiff.ResourceDiff;
import dev.dda.diff.Values;
import dev.dda.graph.Address;
import dev.dda.plan.Annotations;
import dev.dda.plan.Change;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The summary sections of the pull-request comment: cost, gates, data, spec changes. Each is one closed block. */
public final class Sections {
    static final int MAX_NAMES = 25;
    static final int MAX_BULLETS = 40;

    private Sections() {}

    public static String caution(List<String> dangers) {
        if (dangers.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("> [!CAUTION]\n> **")
                .append(dangers.size()).append(dangers.size() == 1 ? " change needs" : " changes need")
                .append(" care**\n");
        dangers.stream().limit(MAX_BULLETS).forEach(d -> s.append("> - ").append(d).append('\n'));
        if (dangers.size() > MAX_BULLETS) {
            s.append("> - … and ").append(dangers.size() - MAX_BULLETS).append(" more, in the details below\n");
        }
        return s.toString();
    }

    public static String warning(String title, String message) {
        return message == null ? "" : "> [!WARNING]\n> **" + title + "**: " + Md.text(message) + "\n";
    }

    public static String cost(Annotations a, String limit) {
        if (a.costs().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("#### Cost (worst case)\n\n| job | worst case | how |\n|---|---:|---|\n");
        for (JobCost c : a.costs()) {
            s.append("| ").append(Md.code(c.address().toString())).append(" | ")
                    .append(c.known() ? CostPolicy.usd(c.worstCaseUsd()) : "unknown").append(" | ")
                    .append(Md.text(c.basis())).append(" |\n");
        }
        s.append("\nTotal of the priced jobs: **").append(CostPolicy.usd(a.totalKnownUsd())).append("**");
        if (limit != null) {
            s.append(" · limit per job (").append(Md.code(CostPolicy.FIELD)).append("): ").append(limit);
        }
        s.append(" · AWS list prices as of ").append(Md.text(String.valueOf(a.priceTableDate())))
                .append(" (").append(Md.code("dda/prices.json")).append("); a ceiling, not a bill.\n");
        return s.toString();
    }

    public static String gates(Map<Address, List<Gate>> gates, Plan plan) {
        if (gates.values().stream().allMatch(List::isEmpty)) {
            return "";
        }
        StringBuilder s = new StringBuilder("#### Gates\n\n| job | metric | value | threshold | status |\n|---|---|---:|---|---|\n");
        gates.forEach((address, list) -> {
            for (Gate g : list) {
                boolean reruns = plan != null && plan.changes().stream()
                        .anyMatch(c -> c.address().equals(address) && c.action().changes());
                String value = g.known() && !reruns ? Values.render(g.value()) : "known after apply";
                String status = !g.known() || reruns ? "⏳ checked when the job ends" : g.fails() ? "❌ fails" : "✅ passes";
                s.append("| ").append(Md.code(address.toString())).append(" | ").append(Md.code(g.metric()))
                        .append(" | ").append(value).append(" | ").append(Md.code(g.operator() + " "
                                + Values.render(g.threshold()))).append(" | ").append(status).append(" |\n");
            }
        });
        return s.toString();
    }

    public static String data(List<DatasetDiff> datasets, List<LabelCounts> labels) {
        if (datasets.isEmpty() && labels.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("#### Data\n\n");
        for (DatasetDiff d : datasets) {
            s.append("- ").append(Md.code(d.dataset().toString())).append(": ").append(d.filesBefore()).append(" → ")
                    .append(d.filesAfter()).append(" files (").append(d.files().summary()).append(")\n");
            names(s, "added", d.files().added());
            names(s, "removed", d.files().removed());
            names(s, "changed", d.files().changed());
        }
        if (!labels.isEmpty()) {
            s.append("\n| labels | label | before | after |\n|---|---|---:|---:|\n");
            for (LabelCounts l : labels) {
                Map<String, Integer> all = new LinkedHashMap<>(l.before());
                l.after().forEach(all::putIfAbsent);
                all.keySet().forEach(label -> s.append("| ").append(Md.code(l.labeling().toString())).append(" | ")
                        .append(Md.code(label)).append(" | ").append(l.before().getOrDefault(label, 0)).append(" | ")
                        .append(l.after().getOrDefault(label, 0)).append(" |\n"));
            }
        }
        return s.toString();
    }

    private static void names(StringBuilder s, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        s.append("  - ").append(what).append(": ").append(names.stream().limit(MAX_NAMES).map(Md::code)
                .collect(Collectors.joining(", ")));
        if (names.size() > MAX_NAMES) {
            s.append(" … and ").append(names.size() - MAX_NAMES).append(" more");
        }
        s.append('\n');
    }

    /** Dataset and label changes from a live plan's before/after, when no spec comparison supplies them. */
    public static String dataFromPlan(Plan plan) {
        Map<Address, Map<String, Object>> before = new LinkedHashMap<>();
        Map<Address, Map<String, Object>> after = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (!Sides.before(c).isEmpty()) {
                before.put(c.address(), Sides.before(c));
            }
            if (!Sides.after(c).isEmpty()) {
                after.put(c.address(), Sides.after(c));
            }
        }
        return data(DatasetChanges.datasets(before, after),
                DatasetChanges.labels(before, after).stream().filter(LabelCounts::changed).toList());
    }

    public static String specChanges(SpecDiff d) {
        StringBuilder s = new StringBuilder("#### Spec changes since ").append(Md.code(d.revision()));
        if (d.commit() != null) {
            s.append(" (").append(Md.code(d.shortCommit())).append(')');
        }
        s.append("\n\n");
        if (d.problem() != null) {
            return s.append(warning("Not compared", d.problem())).toString();
        }
        if (d.isEmpty()) {
            return s.append("No spec change.\n").toString();
        }
        List<String> bullets = new ArrayList<>();
        if (!d.added().isEmpty()) {
            bullets.add("added: " + addresses(d.added()));
        }
        if (!d.removed().isEmpty()) {
            bullets.add("**removed**: " + addresses(d.removed()));
        }
        for (ResourceDiff r : d.changed()) {
            String files = d.datasets().stream().filter(x -> x.dataset().equals(r.address())).findFirst()
                    .map(x -> "files " + x.files().summary()).orElse(null);
            List<String> parts = new ArrayList<>();
            r.fields().stream().limit(10).forEach(f -> parts.add(field(f)));
            if (r.fields().size() > 10) {
                parts.add("… " + (r.fields().size() - 10) + " more fields");
            }
            if (files != null) {
                parts.add(files);
            }
            bullets.add(Md.code(r.address().toString()) + ": " + String.join("; ", parts));
        }
        if (!d.affected().isEmpty()) {
            bullets.add("rebuilt because an input changed: " + addresses(d.affected()));
        }
        bullets.stream().limit(MAX_BULLETS).forEach(b -> s.append("- ").append(b).append('\n'));
        if (bullets.size() > MAX_BULLETS) {
            s.append("- … and ").append(bullets.size() - MAX_BULLETS).append(" more\n");
        }
        return s.toString();
    }

    private static String field(FieldChange f) {
        String b = f.before() == null ? "(none)" : Md.code(Md.clip(f.before(), 120));
        String a = f.after() == null ? "(removed)" : Md.code(Md.clip(f.after(), 120));
        return Md.code(f.path()) + " " + b + " → " + a;
    }

    public static String addresses(List<Address> list) {
        String shown = list.stream().limit(MAX_NAMES).map(a -> Md.code(a.toString())).collect(Collectors.joining(", "));
        return list.size() > MAX_NAMES ? shown + " … and " + (list.size() - MAX_NAMES) + " more" : shown;
    }
}
