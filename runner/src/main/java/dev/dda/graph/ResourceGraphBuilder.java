package dev.dda.graph;

import dev.dda.spec.LoadedSpec;
import dev.dda.spec.Pointer;
import dev.dda.spec.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Turns a checked spec into resources with addresses and edges. Attributes are canonical (sorted maps, Long and
 * Double numbers) and hold no absolute path, so that content digests are equal on every machine.
 */
public final class ResourceGraphBuilder {
    /** dda's own edge service component, added once when the spec has any fleet. */
    public static final String EDGE_SERVICE = "dda.EdgeService";

    private final LoadedSpec spec;
    private final Path baseDir;
    private final List<Resource> resources = new ArrayList<>();

    private ResourceGraphBuilder(LoadedSpec spec) {
        this.spec = spec;
        this.baseDir = spec.file().toAbsolutePath().getParent();
    }

    public static ResourceGraph build(LoadedSpec spec) {
        ResourceGraphBuilder b = new ResourceGraphBuilder(spec);
        b.each("accounts", b::account);
        b.each("buckets", b::bucket);
        b.each("datasets", b::dataset);
        b.each("labeling", b::labeling);
        b.each("training", b::training);
        boolean fleets = !b.section("fleets").isEmpty();
        if (fleets) {
            b.edgeService();
        }
        b.each("components", (name, c) -> b.component(name, c, fleets));
        b.each("fleets", b::fleet);
        return ResourceGraph.of(b.resources);
    }

    private void account(String name, Spec a) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        a.copy(attrs, "id", "role", "externalId");
        add("account", name, attrs, Set.of(), a);
    }

    private void bucket(String name, Spec b) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        b.copy(attrs, "account", "name", "grants", "cors", "encryption", "versioning", "forceDestroy");
        attrs.put("tags", b.get("tags", new TreeMap<>()));
        attrs.putIfAbsent("grants", List.of());
        attrs.put("publicAccessBlock", b.get("publicAccessBlock", true));
        attrs.put("protect", b.protect());
        add("bucket", name, attrs, Set.of(Address.of("account", b.string("account"))), b);
    }

    private void dataset(String name, Spec d) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        d.copy(attrs, "bucket", "prefix", "source", "deletions");
        if (d.has("source")) {
            attrs.put("files", FileDigests.of(baseDir.resolve(d.string("source")).normalize()));
        }
        add("dataset", name, attrs, Set.of(Address.of("bucket", d.string("bucket"))), d);
    }

    private void labeling(String name, Spec l) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        l.copy(attrs, "dataset", "task", "labels", "manifest", "workteam", "instructions");
        String from = l.has("from") ? l.string("from")
                : l.has("workteam") ? "groundtruth" : l.has("manifest") ? "manifest" : "folders";
        attrs.put("from", from);
        @SuppressWarnings("unchecked")
        List<Object> labels = (List<Object>) l.get("labels", List.of());
        attrs.put("normalLabel", l.get("normalLabel", labels.isEmpty() ? "" : labels.get(0)));
        if (l.has("manifest")) {
            // the manifest's content is an input of the labeling: a changed manifest is a changed labeling
            try {
                attrs.put("manifestSha256", FileDigests.sha256(baseDir.resolve(l.string("manifest")).normalize()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read labeling manifest " + l.string("manifest"), e);
            }
        }
        add("labeling", name, attrs, Set.of(Address.of("dataset", l.string("dataset"))), l);
    }

    private void training(String name, Spec t) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        t.copy(attrs, "labels", "algorithm", "output", "instanceType", "instanceCount", "maxRuntime",
                "executionRole");
        attrs.put("modelType", t.get("modelType", "classification"));
        attrs.put("hyperparameters", t.get("hyperparameters", new TreeMap<>()));
        attrs.put("gates", t.get("gates", List.of()));
        Spec output = t.child("output");
        add("training", name, attrs, Set.of(Address.of("labeling", t.string("labels")),
                Address.of("bucket", output.string("bucket"))), t);
        for (String target : targets(t)) {
            TreeMap<String, Object> c = new TreeMap<>();
            c.put("training", name);
            c.put("target", target);
            add("compile", name + "." + target, c, Set.of(Address.of("training", name)), t);
        }
    }

    private void edgeService() {
        TreeMap<String, Object> attrs = new TreeMap<>();
        attrs.put("friendlyName", "dda edge service");
        // its artifacts are uploaded to the artifact bucket, so that bucket must exist first
        Set<Address> deps = spec.artifactBucket().map(b -> Set.of(Address.of("bucket", b))).orElse(Set.of());
        resources.add(new Resource(Address.of("component", EDGE_SERVICE), attrs, deps, false,
                spec.locationOf("/fleets")));
    }

    private void component(String name, Spec c, boolean withEdgeService) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        c.copy(attrs, "model", "description", "publisher", "version");
        attrs.put("friendlyName", c.get("friendlyName", name));
        String model = c.string("model");
        Spec training = new Spec(spec, Pointer.child(Pointer.child("", "training"), model));
        List<String> targets = targets(training);
        attrs.put("targets", targets);
        Set<Address> deps = new LinkedHashSet<>();
        for (String target : targets) {
            deps.add(Address.of("compile", model + "." + target));
        }
        if (targets.isEmpty()) {
            deps.add(Address.of("training", model));
        }
        if (withEdgeService) {
            deps.add(Address.of("component", EDGE_SERVICE));
        }
        add("component", name, attrs, deps, c);
    }

    private void fleet(String name, Spec f) {
        TreeMap<String, Object> attrs = new TreeMap<>();
        f.copy(attrs, "thingGroup", "account");
        attrs.put("devices", f.get("devices", List.of()));
        Set<Address> deps = f.has("account") ? Set.of(Address.of("account", f.string("account"))) : Set.of();
        add("fleet", name, attrs, deps, f);

        TreeMap<String, Object> d = new TreeMap<>();
        d.put("fleet", name);
        d.put("components", f.get("components", List.of()));
        d.put("edge", f.get("edge", new TreeMap<>()));
        d.put("rollout", f.get("rollout", new TreeMap<>()));
        f.copy(d, "logs");
        Set<Address> dDeps = new LinkedHashSet<>();
        dDeps.add(Address.of("fleet", name));
        dDeps.add(Address.of("component", EDGE_SERVICE));
        for (Object c : (List<?>) f.get("components", List.of())) {
            dDeps.add(Address.of("component", (String) c));
        }
        add("deployment", name, d, dDeps, f);
    }

    // ---- helpers

    private static List<String> targets(Spec training) {
        List<String> out = new ArrayList<>();
        for (Object t : (List<?>) training.get("compile", List.of())) {
            out.add((String) t);
        }
        return out;
    }

    private void add(String kind, String name, TreeMap<String, Object> attrs, Set<Address> deps, Spec from) {
        resources.add(new Resource(Address.of(kind, name), attrs, deps, from.protect(), from.location()));
    }

    private Map<String, Object> section(String name) {
        return spec.document().get(name) instanceof Map<?, ?> m ? castMap(m) : Map.of();
    }

    private void each(String sectionName, BiConsumer<String, Spec> build) {
        for (String name : new TreeMap<>(section(sectionName)).keySet()) {
            build.accept(name, new Spec(spec, Pointer.child(Pointer.child("", sectionName), name)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** One mapping of the spec document, read with canonical values. */
    private static final class Spec {
        private final LoadedSpec spec;
        private final String pointer;
        private final Map<String, Object> map;

        Spec(LoadedSpec spec, String pointer) {
            this.spec = spec;
            this.pointer = pointer;
            Object node = spec.document();
            for (String s : Pointer.segments(pointer)) {
                node = node instanceof Map<?, ?> m ? m.get(s) : null;
            }
            this.map = node instanceof Map<?, ?> m ? castMap(m) : Map.of();
        }

        boolean has(String key) {
            return map.get(key) != null;
        }

        String string(String key) {
            return (String) map.get(key);
        }

        Object get(String key, Object fallback) {
            Object v = map.get(key);
            return v == null ? Canonical.of(fallback) : Canonical.of(v);
        }

        Spec child(String key) {
            return new Spec(spec, Pointer.child(pointer, key));
        }

        void copy(TreeMap<String, Object> attrs, String... keys) {
            for (String k : keys) {
                if (has(k)) {
                    attrs.put(k, Canonical.of(map.get(k)));
                }
            }
        }

        boolean protect() {
            return Boolean.TRUE.equals(map.get("protect"));
        }

        SourceLocation location() {
            return spec.locationOf(pointer);
        }
    }
}
