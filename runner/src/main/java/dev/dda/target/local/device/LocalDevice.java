package dev.dda.target.local.device;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.edge.model.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A local stand-in for a Greengrass core device: a folder {@code DEVICES/NAME/} holding {@code packages/artifacts},
 * {@code packages/artifacts-unarchived}, {@code work}, {@code logs} and {@code device.json} (what runs, at which
 * version). A deployment runs the components' recipes for this machine's platform as the nucleus does: components
 * that change, and everything depending on them, are stopped (Shutdown) in reverse dependency order, then
 * installed and started (Install, Startup, Run) in dependency order. When any step fails, the new versions are
 * stopped and the previous versions started again (Greengrass' rollback), so what served before serves again.
 */
public final class LocalDevice {
    /** What a component's log file is named after the component: {@code COMPONENT.log}, as on a core device. */
    public static final String LOG_SUFFIX = ".log";
    /** Components the nucleus itself provides: a local device has them implicitly. */
    private static final String NUCLEUS_PREFIX = "aws.greengrass.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** One installed component. state: RUNNING, or BROKEN when even its rollback failed. */
    public record Installed(String version, String state, Map<String, Object> configuration) {
    }

    /** How a deployment ended. */
    public record Result(boolean succeeded, String message, Map<String, String> versions) {
    }

    private final Path dir;
    private final String name;
    private final ComponentStore store;
    private final Map<String, String> platform;

    public LocalDevice(Path devicesRoot, String name, ComponentStore store, Map<String, String> platform) {
        if (!isThingName(name)) {
            throw new IllegalArgumentException("device name must be a thing name (letters, digits, ':', '_', '-'): "
                    + name);
        }
        this.dir = devicesRoot.resolve(name);
        this.name = name;
        this.store = store;
        this.platform = Map.copyOf(platform);
    }

    /** An IoT thing name, which a local device's folder is named after. */
    public static boolean isThingName(String name) {
        return name.matches("[A-Za-z0-9][A-Za-z0-9:_-]{0,127}");
    }

    /** This machine as a Greengrass platform: {@code os: linux, architecture: amd64|aarch64}. */
    public static Map<String, String> hostPlatform() {
        return Map.of("os", "linux", "architecture", dev.dda.render.CompileTarget.hostArchitecture());
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path log(String component) {
        return logs(dir).resolve(component + LOG_SUFFIX);
    }

    /** Where a device folder keeps its components' logs, one {@code COMPONENT.log} each (Greengrass' logs/). */
    public static Path logs(Path deviceDir) {
        return deviceDir.resolve("logs");
    }

    public Path workDir(String component) {
        return dir.resolve("work").resolve(component);
    }

    public Map<String, Installed> installed() throws IOException {
        Path file = dir.resolve("device.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, Installed> m = JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Installed>>() { });
        return Map.copyOf(m);
    }

    /**
     * Makes the device run exactly {@code desired} (component → version), with {@code merges} (component →
     * configuration to merge over the recipe's DefaultConfiguration).
     */
    public Result deploy(Map<String, String> desired, Map<String, Map<String, Object>> merges, Consumer<String> progress)
            throws IOException {
        return deploy(desired, merges, true, progress);
    }

    /**
     * As {@link #deploy(Map, Map, Consumer)}; with {@code rollBack} false a failed deployment is left as it failed,
     * as Greengrass's DO_NOTHING failure policy leaves a core device: what started keeps running on its new
     * version, the component that failed is BROKEN, and what was not started yet is INSTALLED but not running.
     */
    public Result deploy(Map<String, String> desired, Map<String, Map<String, Object>> merges, boolean rollBack,
                         Consumer<String> progress) throws IOException {
        return deploy(desired, merges, rollBack, Set.of(), progress);
    }

    /**
     * As {@link #deploy(Map, Map, boolean, Consumer)}, and {@code restart} is stopped and started again even where
     * nothing changed: a component recorded as RUNNING whose process has died (this device has no supervisor to
     * notice, as the Greengrass nucleus does), with what depends on it.
     */
    public Result deploy(Map<String, String> desired, Map<String, Map<String, Object>> merges, boolean rollBack,
                         Set<String> restart, Consumer<String> progress) throws IOException {
        Map<String, Installed> current = new TreeMap<>(installed());
        Map<String, Recipe> recipes = new HashMap<>();
        for (Map.Entry<String, String> e : desired.entrySet()) {
            recipes.put(e.getKey(), store.recipe(e.getKey(), e.getValue()));
        }
        List<String> order = topological(recipes);
        Map<String, Map<String, Object>> configs = new HashMap<>();
        for (String c : order) {
            configs.put(c, merge(recipes.get(c).defaultConfiguration(), merges.getOrDefault(c, Map.of())));
        }
        Set<String> changed = new LinkedHashSet<>();
        for (String c : order) {
            Installed now = current.get(c);
            boolean depChanged = recipes.get(c).dependencyTypes().entrySet().stream()
                    .anyMatch(d -> changed.contains(d.getKey()) && "HARD".equals(d.getValue()));
            if (now == null || !now.version().equals(desired.get(c)) || !"RUNNING".equals(now.state())
                    || !now.configuration().equals(configs.get(c)) || depChanged || restart.contains(c)) {
                changed.add(c);
            }
        }
        List<String> removed = current.keySet().stream().filter(c -> !desired.containsKey(c)).toList();
        if (changed.isEmpty() && removed.isEmpty()) {
            return new Result(true, "no change", desired);
        }
        List<String> toStop = new ArrayList<>(removed);
        order.stream().filter(c -> changed.contains(c) && current.containsKey(c)).forEach(toStop::add);
        stopAll(reverse(ordered(toStop, current, order)), current, progress);
        List<String> started = new ArrayList<>();
        for (String c : order) {
            if (!changed.contains(c)) {
                continue;
            }
            try {
                progress.accept(name + ": starting " + c + " " + desired.get(c));
                start(recipes.get(c), configs.get(c), recipes, configs);
                started.add(c);
            } catch (StepFailedException | IOException | IllegalArgumentException e) {
                String why = e.getMessage();
                if (!rollBack) {
                    progress.accept(name + ": " + why + "; left as it failed (onFailure: continue)");
                    stopQuietly(recipes.get(c), configs.get(c), recipes, configs);
                    Map<String, Installed> left = leftAsFailed(current, desired, configs, order, changed, started, c);
                    save(left);
                    return new Result(false, c + " " + desired.get(c) + ": " + why + "; left as it failed "
                            + "(onFailure: continue)", versions(left));
                }
                progress.accept(name + ": " + why + "; rolling back");
                for (String s : reverse(concat(started, c))) {
                    stopQuietly(recipes.get(s), configs.get(s), recipes, configs);
                }
                String rollback = rollback(current, changed, removed, order, progress);
                save(current);
                return new Result(false, c + " " + desired.get(c) + ": " + why + rollback, versions(current));
            }
        }
        Map<String, Installed> next = new TreeMap<>();
        for (String c : order) {
            next.put(c, new Installed(desired.get(c), "RUNNING", configs.get(c)));
        }
        save(next);
        return new Result(true, "deployed " + changed + (removed.isEmpty() ? "" : ", removed " + removed), desired);
    }

    /** What a device holds after a deployment left as it failed: see {@link #deploy(Map, Map, boolean, Consumer)}. */
    private static Map<String, Installed> leftAsFailed(Map<String, Installed> current, Map<String, String> desired,
                                                       Map<String, Map<String, Object>> configs, List<String> order,
                                                       Set<String> changed, List<String> started, String failed) {
        Map<String, Installed> left = new TreeMap<>();
        for (String c : order) {
            if (!changed.contains(c)) {
                left.put(c, current.get(c));
            } else {
                String state = started.contains(c) ? "RUNNING" : c.equals(failed) ? "BROKEN" : "INSTALLED";
                left.put(c, new Installed(desired.get(c), state, configs.get(c)));
            }
        }
        return left;
    }

    /** Stops every component (Shutdown, reverse dependency order) and forgets them: {@code dda destroy}. */
    public void stopAll(Consumer<String> progress) throws IOException {
        Map<String, Installed> current = new TreeMap<>(installed());
        Map<String, Recipe> recipes = new HashMap<>();
        for (Map.Entry<String, Installed> e : current.entrySet()) {
            recipes.put(e.getKey(), store.recipe(e.getKey(), e.getValue().version()));
        }
        stopAll(reverse(topological(recipes)), current, progress);
        save(Map.of());
    }

    private String rollback(Map<String, Installed> previous, Set<String> changed, List<String> removed,
                            List<String> desiredOrder, Consumer<String> progress) throws IOException {
        Map<String, Recipe> recipes = new HashMap<>();
        Map<String, Map<String, Object>> configs = new HashMap<>();
        for (Map.Entry<String, Installed> e : previous.entrySet()) {
            recipes.put(e.getKey(), store.recipe(e.getKey(), e.getValue().version()));
            configs.put(e.getKey(), e.getValue().configuration());
        }
        List<String> again = new ArrayList<>();
        for (String c : topological(recipes)) {
            if (changed.contains(c) || removed.contains(c)) {
                again.add(c);
            }
        }
        List<String> failed = new ArrayList<>();
        for (String c : again) {
            try {
                progress.accept(name + ": rolling back " + c + " to " + previous.get(c).version());
                start(recipes.get(c), configs.get(c), recipes, configs);
            } catch (StepFailedException | IllegalArgumentException e) {
                failed.add(c);
                previous.put(c, new Installed(previous.get(c).version(), "BROKEN", previous.get(c).configuration()));
            }
        }
        if (again.isEmpty()) {
            return "; nothing ran before, nothing to roll back to";
        }
        return failed.isEmpty() ? "; rolled back to " + versions(previous) : "; rollback failed for " + failed;
    }

    private void start(Recipe r, Map<String, Object> config, Map<String, Recipe> recipes,
                       Map<String, Map<String, Object>> configs) throws IOException, StepFailedException {
        Map<String, Object> manifest = r.manifestFor(platform);
        prepareArtifacts(r, manifest);
        Map<String, Object> lifecycle = lifecycle(manifest);
        Map<String, String> env = environment(r, config, lifecycle, recipes, configs);
        Path work = workDir(r.name());
        Files.createDirectories(work);
        for (String stepName : List.of("Install", "Startup")) {
            var step = LifecycleRunner.step(lifecycle, stepName);
            if (step.isPresent()) {
                Duration def = stepName.equals("Install") ? LifecycleRunner.INSTALL_TIMEOUT : LifecycleRunner.STARTUP_TIMEOUT;
                LifecycleRunner.run(r.name(), stepName, resolve(step.get(), r, config, recipes, configs),
                        with(env, step.get(), r, config, recipes, configs), work, log(r.name()), def);
            }
        }
        // like the nucleus (GenericExternalService.startup): Run runs only when there is no Startup
        var run = LifecycleRunner.step(lifecycle, "Run");
        if (run.isPresent() && LifecycleRunner.step(lifecycle, "Startup").isEmpty()) {
            LifecycleRunner.startDetached(r.name(), resolve(run.get(), r, config, recipes, configs),
                    with(env, run.get(), r, config, recipes, configs), work, log(r.name()), pidFile(r.name()));
        }
    }

    private void stopAll(List<String> components, Map<String, Installed> current, Consumer<String> progress)
            throws IOException {
        Map<String, Recipe> recipes = new HashMap<>();
        Map<String, Map<String, Object>> configs = new HashMap<>();
        for (Map.Entry<String, Installed> e : current.entrySet()) {
            recipes.put(e.getKey(), store.recipe(e.getKey(), e.getValue().version()));
            configs.put(e.getKey(), e.getValue().configuration());
        }
        for (String c : components) {
            progress.accept(name + ": stopping " + c + " " + current.get(c).version());
            stopQuietly(recipes.get(c), configs.get(c), recipes, configs);
        }
    }

    /** Shutdown and stop of a Run process; failures are logged, never fatal (Greengrass does the same). */
    private void stopQuietly(Recipe r, Map<String, Object> config, Map<String, Recipe> recipes,
                             Map<String, Map<String, Object>> configs) throws IOException {
        Map<String, Object> lifecycle;
        try {
            lifecycle = lifecycle(r.manifestFor(platform));
        } catch (IllegalArgumentException e) {
            return;
        }
        LifecycleRunner.stopDetached(pidFile(r.name()), Duration.ofSeconds(10));
        var shutdown = LifecycleRunner.step(lifecycle, "Shutdown");
        if (shutdown.isPresent()) {
            try {
                Map<String, String> env = environment(r, config, lifecycle, recipes, configs);
                LifecycleRunner.run(r.name(), "Shutdown", resolve(shutdown.get(), r, config, recipes, configs),
                        with(env, shutdown.get(), r, config, recipes, configs), workDir(r.name()), log(r.name()),
                        LifecycleRunner.SHUTDOWN_TIMEOUT);
            } catch (StepFailedException | IllegalArgumentException e) {
                LifecycleRunner.appendLog(log(r.name()), "Shutdown failed (ignored): " + e.getMessage());
            }
        }
    }

    private Map<String, String> environment(Recipe r, Map<String, Object> config, Map<String, Object> lifecycle,
                                            Map<String, Recipe> recipes, Map<String, Map<String, Object>> configs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_IOT_THING_NAME", name);
        if (Recipe.get(lifecycle, "Setenv") instanceof Map<?, ?> set) {
            set.forEach((k, v) -> env.put(String.valueOf(k), substitute(String.valueOf(v), r, config, recipes, configs)));
        }
        return env;
    }

    private Map<String, String> with(Map<String, String> env, LifecycleRunner.Step step, Recipe r,
                                     Map<String, Object> config, Map<String, Recipe> recipes,
                                     Map<String, Map<String, Object>> configs) {
        Map<String, String> all = new LinkedHashMap<>(env);
        step.env().forEach((k, v) -> all.put(k, substitute(v, r, config, recipes, configs)));
        return all;
    }

    private LifecycleRunner.Step resolve(LifecycleRunner.Step step, Recipe r, Map<String, Object> config,
                                         Map<String, Recipe> recipes, Map<String, Map<String, Object>> configs) {
        return new LifecycleRunner.Step(substitute(step.script(), r, config, recipes, configs), step.timeout(),
                step.env(), step.skipIf() == null ? null : substitute(step.skipIf(), r, config, recipes, configs));
    }

    private String substitute(String text, Recipe r, Map<String, Object> config, Map<String, Recipe> recipes,
                              Map<String, Map<String, Object>> configs) {
        return Placeholders.substitute(text, scope(r, config), dep -> {
            if (!r.dependencyTypes().containsKey(dep) || !recipes.containsKey(dep)) {
                return null;
            }
            return scope(recipes.get(dep), configs.get(dep));
        }, dir.toString(), name);
    }

    private Placeholders.Scope scope(Recipe r, Map<String, Object> config) {
        return new Placeholders.Scope(artifactsDir(r).toString(), unarchivedDir(r).toString(),
                workDir(r.name()).toString(), config);
    }

    private Path artifactsDir(Recipe r) {
        return dir.resolve("packages/artifacts").resolve(r.name()).resolve(r.version());
    }

    private Path unarchivedDir(Recipe r) {
        return dir.resolve("packages/artifacts-unarchived").resolve(r.name()).resolve(r.version());
    }

    private Path pidFile(String component) {
        return workDir(component).resolve(".dda-run.pid");
    }

    /** Links each artifact from the store, checks its digest once per version, unpacks ZIPs. */
    @SuppressWarnings("unchecked")
    private void prepareArtifacts(Recipe r, Map<String, Object> manifest) throws IOException {
        Path done = artifactsDir(r).resolve(".dda-prepared");
        if (Files.exists(done)) {
            return;
        }
        Object list = Recipe.get(manifest, "Artifacts");
        for (Object o : list instanceof List<?> l ? l : List.of()) {
            Map<String, Object> a = (Map<String, Object>) o;
            String uri = String.valueOf(Recipe.get(a, "URI"));
            String file = uri.substring(uri.lastIndexOf('/') + 1);
            Path src = store.artifact(r.name(), r.version(), file);
            Path dst = artifactsDir(r).resolve(file);
            ComponentStore.linkOrCopy(src, dst);
            Object digest = Recipe.get(a, "Digest");
            if (digest != null && !digest.equals(sha256Base64(dst))) {
                throw new IOException("artifact " + file + " of " + r.name() + " " + r.version()
                        + " does not match its recipe digest: the component store is corrupt");
            }
            if ("ZIP".equals(Recipe.get(a, "Unarchive"))) {
                String base = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
                unzip(dst, unarchivedDir(r).resolve(base));
            }
        }
        Files.createDirectories(done.getParent());
        Files.writeString(done, Instant.now().toString());
    }

    static void unzip(Path zip, Path into) throws IOException {
        Folders.deleteTree(into);
        Files.createDirectories(into);
        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry " + e.getName() + " of " + zip + " escapes its folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
    }

    static String sha256Base64(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Base64.getEncoder().encodeToString(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lifecycle(Map<String, Object> manifest) {
        Object lc = Recipe.get(manifest, "Lifecycle");
        return lc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Dependencies first; components the nucleus provides are skipped; a missing dependency is an error. */
    private static List<String> topological(Map<String, Recipe> recipes) {
        List<String> out = new ArrayList<>();
        Set<String> visiting = new java.util.HashSet<>();
        for (String c : new TreeMap<>(recipes).keySet()) {
            visit(c, recipes, visiting, out, new ArrayDeque<>());
        }
        return out;
    }

    private static void visit(String c, Map<String, Recipe> recipes, Set<String> visiting, List<String> out,
                              Deque<String> path) {
        if (out.contains(c)) {
            return;
        }
        if (!visiting.add(c)) {
            throw new IllegalArgumentException("component dependency cycle: " + path);
        }
        path.push(c);
        for (String d : recipes.get(c).dependencyTypes().keySet()) {
            if (d.startsWith(NUCLEUS_PREFIX)) {
                continue;
            }
            if (!recipes.containsKey(d)) {
                throw new IllegalArgumentException("component " + c + " depends on " + d
                        + ", which this deployment does not include");
            }
            visit(d, recipes, visiting, out, path);
        }
        path.pop();
        out.add(c);
    }

    private static List<String> ordered(List<String> subset, Map<String, Installed> current, List<String> order) {
        List<String> out = new ArrayList<>();
        order.stream().filter(subset::contains).forEach(out::add);
        subset.stream().filter(c -> !out.contains(c) && current.containsKey(c)).forEach(out::add);
        return out;
    }

    private static List<String> reverse(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private static List<String> concat(List<String> l, String last) {
        List<String> r = new ArrayList<>(l);
        r.add(last);
        return r;
    }

    private static Map<String, String> versions(Map<String, Installed> m) {
        Map<String, String> v = new TreeMap<>();
        m.forEach((k, i) -> v.put(k, i.version()));
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new TreeMap<>(base);
        over.forEach((k, v) -> {
            if (v instanceof Map<?, ?> vm && out.get(k) instanceof Map<?, ?> bm) {
                out.put(k, merge((Map<String, Object>) bm, (Map<String, Object>) vm));
            } else {
                out.put(k, v);
            }
        });
        return JSON.convertValue(out, new TypeReference<TreeMap<String, Object>>() { });
    }

    private void save(Map<String, Installed> state) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("device.json.tmp");
        JSON.writeValue(tmp.toFile(), new TreeMap<>(state));
        Files.move(tmp, dir.resolve("device.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
