package dev.dda.spec;

import dev.dda.edge.server.ServerOptions;
import dev.dda.train.Hyperparameters;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checks what a schema cannot: that references name something that exists, that the resources form no cycle,
 * AWS naming rules, and that local files the spec names exist. Runs on trees that failed the schema as well
 * (so that every error shows at once); it skips values of the wrong shape, which the schema check reported.
 */
final class SemanticCheck {
    private static final int MAX_THING_GROUP_NAME = 128;
    private final YamlTree tree;
    private final Map<String, Object> root;
    private final Path baseDir;
    private final List<Diagnostic> diagnostics;
    /** Resource (by section/name pointer) → the resources it refers to, for the cycle check. */
    private final Map<String, List<String>> edges = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    SemanticCheck(YamlTree tree, Path baseDir, List<Diagnostic> diagnostics) {
        this.tree = tree;
        this.root = (Map<String, Object>) tree.root();
        this.baseDir = baseDir;
        this.diagnostics = diagnostics;
    }

    void run() {
        each("buckets", this::bucket);
        each("datasets", this::dataset);
        each("labeling", this::labeling);
        each("training", this::training);
        each("components", this::component);
        each("fleets", this::fleet);
        state();
        unique("buckets", "name", "S3 bucket name", "each needs its own");
        unique("fleets", "thingGroup", "thing group", "each needs its own");
        // two fleets' deployments on one device would each start its edge service on the fleet's port
        unique("fleets", "devices", "device", "a device takes one fleet's components and edge settings; list it once");
        localPortsApart();
        new CycleCheck(edges, this::error).run();
    }

    private void bucket(String p, Map<String, Object> b) {
        ref(p, "account", "accounts");
        string(b, "name").ifPresent(n -> AwsNames.bucketProblem(n)
                .ifPresent(problem -> error(Pointer.child(p, "name"), "'" + n + "' " + problem)));
        list(b, "grants").ifPresent(grants -> {
            for (int i = 0; i < grants.size(); i++) {
                role(Pointer.child(Pointer.child(Pointer.child(p, "grants"), i), "role"));
            }
        });
        if (b.get("encryption") instanceof Map<?, ?> e && e.containsKey("kmsKeyId") && !"aws:kms".equals(e.get("algorithm"))) {
            error(Pointer.child(Pointer.child(p, "encryption"), "kmsKeyId"),
                    "a KMS key only applies with algorithm: aws:kms; set algorithm: aws:kms or remove kmsKeyId");
        }
    }

    private void dataset(String p, Map<String, Object> d) {
        ref(p, "bucket", "buckets");
        string(d, "source").ifPresent(s -> localPath(Pointer.child(p, "source"), s, "folder", Files::isDirectory));
    }

    private void labeling(String p, Map<String, Object> l) {
        jobName(p);
        ref(p, "dataset", "datasets");
        Optional<List<Object>> labels = list(l, "labels");
        string(l, "normalLabel").ifPresent(n -> labels.ifPresent(all -> {
            if (!all.contains(n)) {
                error(Pointer.child(p, "normalLabel"), "'" + n + "' is not one of the labels " + all
                        + "; name one of them");
            }
        }));
        if ("manifest".equals(l.get("from"))) {
            string(l, "manifest").ifPresent(m -> localPath(Pointer.child(p, "manifest"), m, "file",
                    Files::isRegularFile));
        }
    }

    private void training(String p, Map<String, Object> t) {
        jobName(p);
        ref(p, "labels", "labeling");
        ref(Pointer.child(p, "output"), "bucket", "buckets", p);
        if (t.containsKey("executionRole")) {
            role(Pointer.child(p, "executionRole"));
        } else if ("aws".equals(root.get("target"))) {
            errorAtKey(p, "SageMaker trains with an execution role, and none is named; add executionRole: "
                    + "ACCOUNT/ROLE, such as usecase/DDASageMakerExecutionRole");
        }
        // builtin is dda's trainer on both targets: in process locally, in its container image on SageMaker
        if ("builtin".equals(t.getOrDefault("algorithm", "builtin")) && t.get("hyperparameters") instanceof Map<?, ?> h) {
            builtinHyperparameters(Pointer.child(p, "hyperparameters"), h);
        }
        if (!(t.get("algorithm") instanceof Map<?, ?> a && a.containsKey("marketplace"))) {
            trainerGates(Pointer.child(p, "gates"));
        }
    }

    /**
     * Gates on a metric dda's trainer never reports can never pass: caught now, not after a training job has been
     * paid for. (A Marketplace algorithm reports its own metrics, which dda cannot know beforehand.)
     */
    private void trainerGates(String p) {
        if (!(valueAt(p) instanceof List<?> gates)) {
            return;
        }
        for (int i = 0; i < gates.size(); i++) {
            Gate gate;
            try {
                gate = Gate.parse(String.valueOf(gates.get(i)));
            } catch (IllegalArgumentException malformed) {
                continue; // the schema's pattern has said what a gate looks like
            }
            if (!gate.judgesTrainerMetric()) {
                List<String> known = Gate.trainerMetricNames();
                String hint = SchemaMessages.closest(gate.metric(), known);
                error(Pointer.child(p, Integer.toString(i)), "gate '" + gate.text() + "' judges '" + gate.metric()
                        + "', a metric dda's trainer does not report" + (hint.isEmpty() ? "; it reports "
                        + String.join(", ", Gate.TRAINER_METRICS) + ", each also as test_NAME on the held-out images"
                        : hint));
            }
        }
    }

    /**
     * The builtin trainer's hyperparameters, checked now rather than when the job starts: each on its own
     * (at its line), then together (limits that involve several, at the map).
     */
    private void builtinHyperparameters(String p, Map<?, ?> h) {
        boolean each = true;
        for (Map.Entry<?, ?> e : h.entrySet()) {
            if (e.getValue() == null) {
                each = false; // the schema check reported it (a hyperparameter is a text, number or true/false)
                continue;
            }
            try {
                Hyperparameters.checkEach(Map.of(String.valueOf(e.getKey()), e.getValue()));
            } catch (IllegalArgumentException ex) {
                String at = Pointer.child(p, String.valueOf(e.getKey()));
                if (ex.getMessage().startsWith("unknown")) {
                    errorAtKey(at, ex.getMessage());
                } else {
                    error(at, ex.getMessage());
                }
                each = false;
            }
        }
        if (each) {
            Map<String, Object> all = new LinkedHashMap<>();
            h.forEach((k, v) -> all.put(String.valueOf(k), v));
            try {
                Hyperparameters.fromMap(all);
            } catch (IllegalArgumentException ex) {
                errorAtKey(p, ex.getMessage());
            }
        }
    }

    private void component(String p, Map<String, Object> c) {
        String name = Pointer.segments(p).get(1);
        AwsNames.componentNameProblem(name).ifPresent(problem -> errorAtKey(p, "component name '" + name + "' " + problem));
        ref(p, "model", "training");
    }

    private void fleet(String p, Map<String, Object> f) {
        ref(p, "account", "accounts");
        list(f, "components").ifPresent(cs -> {
            for (int i = 0; i < cs.size(); i++) {
                if (!"dda.EdgeService".equals(cs.get(i))) {
                    refAt(Pointer.child(Pointer.child(p, "components"), i), "components", p);
                }
            }
        });
        if (f.get("rollout") instanceof Map<?, ?> r) {
            rollout(Pointer.child(p, "rollout"), r, list(f, "devices").map(List::size).orElse(0));
            stageGroupNames(p, f, r);
        }
    }

    /** A canary or waves make dda create GROUP-canary and GROUP-wave-N beside the fleet's group, under the same limit. */
    private void stageGroupNames(String p, Map<String, Object> f, Map<?, ?> r) {
        String longest = "";
        if (r.get("canary") instanceof Long c && c > 0) {
            longest = "-canary";
        }
        if (r.get("waves") instanceof List<?> w && !w.isEmpty() && ("-wave-" + w.size()).length() > longest.length()) {
            longest = "-wave-" + w.size();
        }
        if (f.get("thingGroup") instanceof String group && !longest.isEmpty()
                && group.length() + longest.length() > MAX_THING_GROUP_NAME) {
            error(Pointer.child(p, "thingGroup"), "with this rollout dda also creates the thing group " + group
                    + longest + ", longer than IoT's " + MAX_THING_GROUP_NAME + " characters; shorten the name to at"
                    + " most " + (MAX_THING_GROUP_NAME - longest.length()));
        }
    }

    private void rollout(String p, Map<?, ?> r, int devices) {
        if (r.get("canary") instanceof Long canary && devices > 0 && canary > devices) {
            error(Pointer.child(p, "canary"), "a canary of " + canary + " devices is more than the fleet's " + devices
                    + "; use at most " + devices);
        }
        if (r.get("waves") instanceof List<?> waves) {
            long last = 0;
            for (int i = 0; i < waves.size(); i++) {
                if (waves.get(i) instanceof Long w) {
                    if (w <= last) {
                        error(Pointer.child(Pointer.child(p, "waves"), i), "wave percentages must grow; " + w
                                + " follows " + last + ", use a value above " + last);
                    }
                    last = w;
                }
            }
        }
    }

    private void state() {
        if (root.get("state") instanceof Map<?, ?> s && s.get("aws") instanceof Map<?, ?> aws) {
            ref("/state/aws", "account", "accounts");
            if (aws.get("bucket") instanceof String b) {
                AwsNames.bucketProblem(b).ifPresent(problem -> error("/state/aws/bucket", "'" + b + "' " + problem));
            }
        }
    }

    // ---- helpers

    @SuppressWarnings("unchecked")
    private void each(String section, java.util.function.BiConsumer<String, Map<String, Object>> check) {
        if (root.get(section) instanceof Map<?, ?> all) {
            all.forEach((name, value) -> {
                String p = Pointer.child(Pointer.child("", section), (String) name);
                edges.computeIfAbsent(p, k -> new ArrayList<>());
                if (value instanceof Map<?, ?> m) {
                    check.accept(p, (Map<String, Object>) m);
                }
            });
        }
    }

    private void jobName(String p) {
        String name = Pointer.segments(p).get(1);
        AwsNames.jobNameProblem(name).ifPresent(problem -> errorAtKey(p, "name '" + name + "' " + problem));
    }

    private void ref(String owner, String key, String section) {
        ref(owner, key, section, owner);
    }

    private void ref(String owner, String key, String section, String resource) {
        Object holder = valueAt(owner);
        if (holder instanceof Map<?, ?> m && m.get(key) instanceof String) {
            refAt(Pointer.child(owner, key), section, resource);
        }
    }

    /** The string at {@code pointer} must be a key of {@code section}; records the edge resource → target. */
    private void refAt(String pointer, String section, String resource) {
        if (!(valueAt(pointer) instanceof String name)) {
            return;
        }
        Map<?, ?> targets = root.get(section) instanceof Map<?, ?> m ? m : Map.of();
        if (targets.containsKey(name)) {
            edges.computeIfAbsent(resource, k -> new ArrayList<>())
                    .add(Pointer.child(Pointer.child("", section), name));
            return;
        }
        List<String> known = targets.keySet().stream().map(String::valueOf).sorted().toList();
        String hint = SchemaMessages.closest(name, known);
        if (hint.isEmpty()) {
            hint = known.isEmpty() ? "; there are none: declare it under " + section + ":"
                    : "; declared " + section + ": " + String.join(", ", known);
        }
        error(pointer, "'" + name + "' is not declared under " + section + hint);
    }

    /** ACCOUNT/ROLE: the account must be declared. */
    private void role(String pointer) {
        if (valueAt(pointer) instanceof String role && role.indexOf('/') > 0) {
            String account = role.substring(0, role.indexOf('/'));
            Map<?, ?> accounts = root.get("accounts") instanceof Map<?, ?> m ? m : Map.of();
            if (!accounts.containsKey(account)) {
                List<String> known = accounts.keySet().stream().map(String::valueOf).sorted().toList();
                String hint = SchemaMessages.closest(account, known);
                error(pointer, "the role's account '" + account + "' is not declared under accounts"
                        + (hint.isEmpty() ? "; write ACCOUNT/ROLE with ACCOUNT one of: " + String.join(", ", known)
                        : hint));
            }
        }
    }

    /**
     * On the local target a fleet's devices share this machine, device i listening on edge.port + i: fleets whose
     * ranges overlap would start two services on one port, and the second deployment would fail at apply.
     */
    private void localPortsApart() {
        if ("aws".equals(root.get("target")) || !(root.get("fleets") instanceof Map<?, ?> fleets)) {
            return;
        }
        Map<Integer, String> taken = new HashMap<>();
        Map<String, String> ranges = new HashMap<>();
        fleets.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> f) || !(f.get("devices") instanceof List<?> devices) || devices.isEmpty()) {
                return;
            }
            String p = Pointer.child(Pointer.child("", "fleets"), (String) name);
            Object set = f.get("edge") instanceof Map<?, ?> e ? e.get("port") : null;
            boolean given = set instanceof Number;
            int first = set instanceof Number n ? n.intValue() : ServerOptions.DEFAULT_PORT;
            int last = first + devices.size() - 1;
            ranges.put((String) name, first == last ? "port " + first : "ports " + first + "-" + last);
            for (int port = first; port <= last; port++) {
                String other = taken.putIfAbsent(port, (String) name);
                if (other != null) {
                    String message = "on the local target device i of a fleet listens on edge.port + i, and port "
                            + port + " is already taken by fleets." + other + " (" + ranges.get(other) + "); give"
                            + " this fleet " + (given ? "a port" : "an edge.port") + " outside that range";
                    if (given) {
                        error(Pointer.child(Pointer.child(p, "edge"), "port"), message);
                    } else {
                        errorAtKey(p, message);
                    }
                    return;
                }
            }
        });
    }

    /** {@code key} of every entry of {@code section}, a string or a list of strings, names each thing once. */
    private void unique(String section, String key, String what, String remedy) {
        if (!(root.get(section) instanceof Map<?, ?> all)) {
            return;
        }
        Map<Object, String> seen = new HashMap<>();
        all.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> m)) {
                return;
            }
            String p = Pointer.child(Pointer.child(Pointer.child("", section), (String) name), key);
            Map<String, Object> values = new LinkedHashMap<>();
            if (m.get(key) instanceof String v) {
                values.put(p, v);
            } else if (m.get(key) instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    values.put(Pointer.child(p, i), list.get(i));
                }
            }
            values.forEach((at, v) -> {
                String first = v instanceof String ? seen.putIfAbsent(v, at) : null;
                String owner = first == null ? null : Pointer.segments(first).get(1);
                // twice in one entry's list is the schema's uniqueItems to report
                if (owner != null && !owner.equals(name)) {
                    error(at, "the " + what + " '" + v + "' is already used by "
                            + Pointer.field(Pointer.child(Pointer.child("", section), owner))
                            + " (" + tree.valueLocations().get(first) + "); " + remedy);
                }
            });
        });
    }

    private Object valueAt(String pointer) {
        Object node = root;
        for (String s : Pointer.segments(pointer)) {
            if (node instanceof Map<?, ?> m) {
                node = m.get(s);
            } else if (node instanceof List<?> l && s.matches("[0-9]+") && Integer.parseInt(s) < l.size()) {
                node = l.get(Integer.parseInt(s));
            } else {
                return null;
            }
        }
        return node;
    }

    /** A path the spec names on this machine: relative to the spec file, and there as a {@code kind}. */
    private void localPath(String pointer, String value, String kind, Predicate<Path> exists) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            error(pointer, "not a usable path (" + e.getReason() + "); write the " + kind
                    + " relative to the spec file");
            return;
        }
        Path resolved = baseDir.resolve(path).normalize();
        if (path.isAbsolute()) {
            error(pointer, "'" + value + "' is an absolute path; write it relative to the spec file, so that plans "
                    + "agree on every machine");
        } else if (!exists.test(resolved)) {
            error(pointer, kind + " '" + value + "' does not exist (looked for " + resolved + "); the path is "
                    + "relative to the spec file");
        }
    }

    private static Optional<String> string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<List<Object>> list(Map<String, Object> m, String key) {
        return m.get(key) instanceof List<?> l ? Optional.of((List<Object>) l) : Optional.empty();
    }

    private void errorAtKey(String pointer, String message) {
        report(tree.keyLocation(pointer), pointer, message);
    }

    private void error(String pointer, String message) {
        SourceLocation where = tree.valueLocations().get(pointer);
        report(where != null ? where : tree.keyLocation(pointer), pointer, message);
    }

    /** One message per field: when the schema check already complained about it, that message stands. */
    private void report(SourceLocation where, String pointer, String message) {
        String field = Pointer.field(pointer);
        if (diagnostics.stream().noneMatch(d -> d.field().equals(field))) {
            diagnostics.add(Diagnostic.error(where, field, message));
        }
    }
}
