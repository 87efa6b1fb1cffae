package dev.dda.diff;

import dev.dda.diff.DatasetChanges.DatasetDiff;
import dev.dda.diff.DatasetChanges.LabelCounts;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec-level change between two versions of a pipeline spec (a base revision and the work tree): what the
 * reviewer changed, independent of what the target currently holds. Complements the live plan, and stands alone
 * when the target cannot be reached from CI.
 *
 * @param revision the base revision as given ({@code origin/main}); {@code commit} the commit it resolved to
 * @param problem null when both versions loaded; otherwise why the base could not be compared, and the lists are empty
 * @param affected resources the spec did not change that are rebuilt because something they depend on changed
 *     (their content digest changes: new job names, new component versions, redeployments)
 */
public record SpecDiff(String revision, String commit, String problem, List<Address> added, List<Address> removed,
                       List<ResourceDiff> changed, List<Address> affected, List<DatasetDiff> datasets,
                       List<LabelCounts> labels) {
    /** Attributes compared as file listings, not field by field. */
    private static final Set<String> FILE_LISTINGS = Set.of("files");

    /** One resource present in both versions whose attributes differ. */
    public record ResourceDiff(Address address, List<FieldChange> fields) {
        public ResourceDiff {
            fields = List.copyOf(fields);
        }
    }

    public SpecDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        affected = List.copyOf(affected);
        datasets = List.copyOf(datasets);
        labels = List.copyOf(labels);
    }

    public static SpecDiff unavailable(String revision, String commit, String problem) {
        return new SpecDiff(revision, commit, problem, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Compares the base graph ({@code before}, empty when the spec is new) with the current one. */
    public static SpecDiff between(String revision, String commit, ResourceGraph before, ResourceGraph after) {
        Map<Address, Map<String, Object>> b = attributes(before);
        Map<Address, Map<String, Object>> a = attributes(after);
        List<Address> added = new ArrayList<>();
        List<ResourceDiff> changed = new ArrayList<>();
        List<DatasetDiff> datasets = DatasetChanges.datasets(b, a);
        Set<Address> filesChanged = new LinkedHashSet<>();
        datasets.forEach(d -> filesChanged.add(d.dataset()));
        for (Address addr : a.keySet()) {
            if (!b.containsKey(addr)) {
                added.add(addr);
                continue;
            }
            List<FieldChange> fields = FieldChange.between(b.get(addr), a.get(addr), FILE_LISTINGS);
            if (!fields.isEmpty() || filesChanged.contains(addr)) {
                changed.add(new ResourceDiff(addr, fields));
            }
        }
        List<Address> removed = b.keySet().stream().filter(x -> !a.containsKey(x)).toList();
        return new SpecDiff(revision, commit, null, added, removed, changed, affected(after, added, changed),
                datasets, DatasetChanges.labels(b, a).stream().filter(LabelCounts::changed).toList());
    }

    private static List<Address> affected(ResourceGraph after, List<Address> added, List<ResourceDiff> changed) {
        Set<Address> direct = new LinkedHashSet<>(added);
        changed.forEach(c -> direct.add(c.address()));
        Set<Address> downstream = new LinkedHashSet<>();
        direct.forEach(d -> downstream.addAll(after.dependentsOf(d)));
        downstream.removeAll(direct);
        return after.resources().stream().map(Resource::address).filter(downstream::contains).toList();
    }

    /** Attributes by address, in the graph's topological order. */
    private static Map<Address, Map<String, Object>> attributes(ResourceGraph g) {
        Map<Address, Map<String, Object>> out = new LinkedHashMap<>();
        g.resources().forEach(r -> out.put(r.address(), r.attributes()));
        return out;
    }

    public boolean isEmpty() {
        return problem == null && added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** The commit abbreviated for display, or the revision when unresolved. */
    public String shortCommit() {
        return commit == null ? revision : commit.substring(0, Math.min(12, commit.length()));
    }

    /** The comparison in plain lines, for the text view: one line per resource, field or dataset. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        String head = "Spec changes since " + revision + (commit == null ? "" : " (" + shortCommit() + ")");
        if (problem != null) {
            return List.of(head + ": not compared: " + problem);
        }
        if (isEmpty()) {
            return List.of(head + ": none");
        }
        out.add(head + ":");
        added.forEach(a -> out.add("  + " + a + " added"));
        removed.forEach(a -> out.add("  - " + a + " removed"));
        for (ResourceDiff r : changed) {
            out.add("  ~ " + r.address());
            r.fields().forEach(f -> out.add("      " + f.describe()));
            datasets.stream().filter(d -> d.dataset().equals(r.address())).forEach(d -> {
                out.add("      files: " + d.filesBefore() + " → " + d.filesAfter() + " (" + d.files().summary() + ")");
                d.files().added().forEach(f -> out.add("        + " + f));
                d.files().removed().forEach(f -> out.add("        - " + f));
                d.files().changed().forEach(f -> out.add("        ~ " + f));
            });
        }
        for (LabelCounts l : labels) {
            out.add("  labels of " + l.labeling() + ": " + l.before() + " → " + l.after());
        }
        if (!affected.isEmpty()) {
            out.add("  rebuilt because an input changed: "
                    + String.join(", ", affected.stream().map(Address::toString).toList()));
        }
        return out;
    }
}
