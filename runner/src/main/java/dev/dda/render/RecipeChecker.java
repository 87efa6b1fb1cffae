package dev.dda.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks a recipe against Greengrass' recipe rules before it is published or run, so a broken recipe fails here,
 * with its place named, and not on a device an hour later. Rules (component recipe reference, format 2020-01-25):
 * <ul>
 *   <li>{@code RecipeFormatVersion} is {@code 2020-01-25}; the recipe is at most {@link #MAX_RECIPE_BYTES} bytes
 *       (Greengrass' recipe size quota, 16 kB);</li>
 *   <li>{@code ComponentName}: 1..128 characters of letters, digits, {@code . _ -}; not in the reserved
 *       {@code aws.greengrass.} / {@code amazon.} namespaces;</li>
 *   <li>{@code ComponentVersion}: plain {@code MAJOR.MINOR.PATCH}, no pre-release or build metadata (Greengrass
 *       rejects them), each part at most 999999, 64 characters at most;</li>
 *   <li>dependencies: a version requirement made of comparators ({@code >=1.0.0 <2.0.0}, {@code ^1.0.0}) and
 *       {@code DependencyType} HARD or SOFT;</li>
 *   <li>every manifest has a platform with {@code os}; lifecycle keys are Greengrass' own (Setenv, Bootstrap,
 *       Install, Startup, Run, Shutdown, Recover); Startup and Run are not both defined; a step's Timeout is a
 *       positive integer;</li>
 *   <li>artifacts: {@code s3://} or {@code docker:} URIs, a base64 SHA-256 {@code Digest} with
 *       {@code Algorithm SHA-256}, {@code Unarchive} NONE or ZIP;</li>
 *   <li>recipe variables name a known namespace; a variable of another component names a declared
 *       dependency; {@code {configuration:/X}} names a key of this recipe's DefaultConfiguration.</li>
 * </ul>
 */
public final class RecipeChecker {
    public static final int MAX_RECIPE_BYTES = 16 * 1024;
    public static final int MAX_VERSION_PART = 999_999;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,5})\\.(0|[1-9]\\d{0,5})\\.(0|[1-9]\\d{0,5})");
    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=|\\^|~)?\\d+\\.\\d+\\.\\d+");
    private static final Pattern SHA256_BASE64 = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9._-]+:)?(artifacts:path|artifacts:decompressedPath"
            + "|work:path|kernel:rootPath|configuration:(/[^}]*)|iot:thingName|iot:[A-Za-z]+)}");
    private static final Pattern ANY_VARIABLE = Pattern.compile("\\{[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*:[^}\\s]*}");
    private static final Set<String> LIFECYCLE_KEYS = Set.of("setenv", "bootstrap", "install", "startup", "run",
            "shutdown", "recover");
    private static final Set<String> STEP_KEYS = Set.of("script", "timeout", "requiresprivilege", "setenv", "skipif");

    private RecipeChecker() {}

    /** Parses and checks a recipe (YAML or JSON); an empty list means it is valid. */
    public static List<RecipeProblem> check(String recipeText) {
        List<RecipeProblem> problems = new ArrayList<>();
        int size = recipeText.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RECIPE_BYTES) {
            problems.add(new RecipeProblem("recipe", "is " + size + " bytes; Greengrass accepts at most "
                    + MAX_RECIPE_BYTES + " bytes: move large content into an artifact"));
        }
        Object root;
        try {
            root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(recipeText);
        } catch (RuntimeException e) {
            problems.add(new RecipeProblem("recipe", "is not valid YAML/JSON: " + e.getMessage()));
            return problems;
        }
        if (!(root instanceof Map<?, ?> recipe)) {
            problems.add(new RecipeProblem("recipe", "must be a mapping of recipe keys"));
            return problems;
        }
        new Run(recipe, problems).checkAll();
        return problems;
    }

    /** Throws with every problem listed when the recipe is not valid. */
    public static void require(String recipeName, String recipeText) throws RecipeException {
        List<RecipeProblem> problems = check(recipeText);
        if (!problems.isEmpty()) {
            throw new RecipeException(recipeName, problems);
        }
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !reserved(name);
    }

    public static boolean validVersion(String version) {
        return version != null && version.length() <= 64 && VERSION.matcher(version).matches();
    }

    private static boolean reserved(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("aws.greengrass.") || n.startsWith("amazon.");
    }

    /** One check of one recipe. */
    private record Run(Map<?, ?> recipe, List<RecipeProblem> problems) {
        void checkAll() {
            Object format = recipe.get("RecipeFormatVersion");
            if (!"2020-01-25".equals(format)) {
                add("RecipeFormatVersion", "is " + describe(format) + "; it must be \"2020-01-25\"");
            }
            checkName();
            checkVersion();
            Set<String> dependencies = checkDependencies();
            Set<String> configKeys = configurationKeys();
            Object manifests = recipe.get("Manifests");
            if (!(manifests instanceof List<?> list) || list.isEmpty()) {
                add("Manifests", "needs at least one manifest with a Platform and a Lifecycle");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                checkManifest("Manifests[" + i + "]", list.get(i), dependencies, configKeys);
            }
        }

        void checkName() {
            Object name = recipe.get("ComponentName");
            if (!(name instanceof String s) || !NAME.matcher(s).matches()) {
                add("ComponentName", "is " + describe(name) + "; use 1 to 128 letters, digits, '.', '_' or '-', "
                        + "such as com.example.DefectDetector");
            } else if (reserved(s)) {
                add("ComponentName", "'" + s + "' is in a namespace reserved for AWS (aws.greengrass., amazon.); "
                        + "use your own prefix, such as com.example.");
            }
        }

        void checkVersion() {
            Object version = recipe.get("ComponentVersion");
            if (!(version instanceof String s) || !validVersion(s)) {
                add("ComponentVersion", "is " + describe(version) + "; Greengrass needs MAJOR.MINOR.PATCH with no "
                        + "pre-release or build suffix and each part at most " + MAX_VERSION_PART + ", such as 1.0.0");
            }
        }

        Set<String> checkDependencies() {
            Object deps = recipe.get("ComponentDependencies");
            if (deps == null) {
                return Set.of();
            }
            if (!(deps instanceof Map<?, ?> map)) {
                add("ComponentDependencies", "must map component names to {VersionRequirement, DependencyType}");
                return Set.of();
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String where = "ComponentDependencies." + e.getKey();
                if (!(e.getValue() instanceof Map<?, ?> dep)) {
                    add(where, "must be a mapping with VersionRequirement and DependencyType");
                    continue;
                }
                Object req = dep.get("VersionRequirement");
                if (!(req instanceof String r) || !validRequirement(r)) {
                    add(where + ".VersionRequirement", "is " + describe(req)
                            + "; use semver comparators, such as \">=1.0.0 <2.0.0\" or \"^1.0.0\"");
                }
                Object type = dep.get("DependencyType");
                if (type != null && !"HARD".equals(type) && !"SOFT".equals(type)) {
                    add(where + ".DependencyType", "is " + describe(type) + "; it must be HARD or SOFT");
                }
            }
            return map.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
        }

        Set<String> configurationKeys() {
            if (recipe.get("ComponentConfiguration") instanceof Map<?, ?> cc
                    && cc.get("DefaultConfiguration") instanceof Map<?, ?> dc) {
                return dc.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
            }
            return Set.of();
        }

        void checkManifest(String where, Object manifest, Set<String> deps, Set<String> configKeys) {
            if (!(manifest instanceof Map<?, ?> m)) {
                add(where, "must be a mapping with Platform, Lifecycle and Artifacts");
                return;
            }
            if (!(m.get("Platform") instanceof Map<?, ?> platform) || !(platform.get("os") instanceof String)) {
                add(where + ".Platform", "needs os (linux, windows, darwin or *)");
            }
            Object lifecycle = m.get("Lifecycle");
            if (lifecycle instanceof Map<?, ?> lc) {
                checkLifecycle(where + ".Lifecycle", lc, deps, configKeys);
            } else if (lifecycle != null) {
                add(where + ".Lifecycle", "must be a mapping of lifecycle steps");
            }
            Object artifacts = m.get("Artifacts");
            if (artifacts instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    checkArtifact(where + ".Artifacts[" + i + "]", list.get(i));
                }
            } else if (artifacts != null) {
                add(where + ".Artifacts", "must be a list");
            }
        }

        void checkLifecycle(String where, Map<?, ?> lc, Set<String> deps, Set<String> configKeys) {
            Set<String> present = new java.util.HashSet<>();
            for (Map.Entry<?, ?> e : lc.entrySet()) {
                String key = String.valueOf(e.getKey());
                String lower = key.toLowerCase(Locale.ROOT);
                present.add(lower);
                if (!LIFECYCLE_KEYS.contains(lower)) {
                    add(where + "." + key, "is not a lifecycle step; use Setenv, Bootstrap, Install, Startup, "
                            + "Run, Shutdown or Recover");
                    continue;
                }
                if (lower.equals("setenv")) {
                    checkSetenv(where + "." + key, e.getValue(), deps, configKeys);
                } else {
                    checkStep(where + "." + key, e.getValue(), deps, configKeys);
                }
            }
            if (present.contains("startup") && present.contains("run")) {
                add(where, "defines both Startup and Run; the nucleus runs Run only when there is no Startup, so "
                        + "Run would be ignored: use Startup for a background service with a health gate, or Run "
                        + "for a foreground process");
            }
        }

        void checkSetenv(String where, Object value, Set<String> deps, Set<String> configKeys) {
            if (!(value instanceof Map<?, ?> env)) {
                add(where, "must map variable names to values");
                return;
            }
            for (Map.Entry<?, ?> v : env.entrySet()) {
                checkVariables(where + "." + v.getKey(), String.valueOf(v.getValue()), deps, configKeys);
            }
        }

        void checkStep(String where, Object step, Set<String> deps, Set<String> configKeys) {
            if (step instanceof String script) {
                checkVariables(where, script, deps, configKeys);
                return;
            }
            if (!(step instanceof Map<?, ?> s)) {
                add(where, "must be a script or a mapping with Script");
                return;
            }
            for (Map.Entry<?, ?> e : s.entrySet()) {
                String key = String.valueOf(e.getKey());
                String lower = key.toLowerCase(Locale.ROOT);
                if (!STEP_KEYS.contains(lower)) {
                    add(where + "." + key, "is not a lifecycle step key; use Script, Timeout, RequiresPrivilege, "
                            + "Setenv or Skipif");
                } else if (lower.equals("timeout") && !(e.getValue() instanceof Integer t && t > 0)) {
                    add(where + "." + key, "is " + describe(e.getValue()) + "; it must be a positive number of seconds");
                } else if (lower.equals("requiresprivilege") && !(e.getValue() instanceof Boolean)) {
                    add(where + "." + key, "must be true or false");
                } else if (lower.equals("setenv")) {
                    checkSetenv(where + "." + key, e.getValue(), deps, configKeys);
                } else if (lower.equals("script")) {
                    checkVariables(where + "." + key, String.valueOf(e.getValue()), deps, configKeys);
                }
            }
            if (s.keySet().stream().noneMatch(k -> "script".equalsIgnoreCase(String.valueOf(k)))) {
                add(where, "has no Script");
            }
        }

        void checkVariables(String where, String text, Set<String> deps, Set<String> configKeys) {
            Matcher any = ANY_VARIABLE.matcher(text);
            while (any.find()) {
                Matcher m = VARIABLE.matcher(any.group());
                if (!m.matches()) {
                    add(where, "recipe variable " + any.group() + " is not one Greengrass knows; use "
                            + "{artifacts:path}, {artifacts:decompressedPath}, {work:path}, {configuration:/KEY}, "
                            + "{iot:thingName} or COMPONENT:... of a dependency");
                    continue;
                }
                String component = m.group(1) == null ? null : m.group(1).substring(0, m.group(1).length() - 1);
                if (component != null && !deps.contains(component)) {
                    add(where, "recipe variable " + any.group() + " names " + component
                            + ", which is not in ComponentDependencies; Greengrass resolves only dependencies");
                } else if (component == null && m.group(3) != null) {
                    String key = m.group(3).substring(1).split("/")[0];
                    if (!configKeys.contains(key)) {
                        add(where, "recipe variable " + any.group() + " names configuration key '" + key
                                + "', which DefaultConfiguration does not define");
                    }
                }
            }
        }

        void checkArtifact(String where, Object artifact) {
            if (!(artifact instanceof Map<?, ?> a)) {
                add(where, "must be a mapping with URI and Digest");
                return;
            }
            Object uri = a.containsKey("URI") ? a.get("URI") : a.get("Uri");
            if (!(uri instanceof String u) || !(u.startsWith("s3://") && u.length() > 5 || u.startsWith("docker:"))) {
                add(where + ".URI", "is " + describe(uri) + "; use an s3://BUCKET/KEY or docker: URI");
            }
            Object digest = a.get("Digest");
            if (digest != null) {
                if (!(digest instanceof String d) || !SHA256_BASE64.matcher(d).matches()
                        || Base64.getDecoder().decode(d).length != 32) {
                    add(where + ".Digest", "is " + describe(digest) + "; it must be the base64 SHA-256 of the file");
                }
                if (!"SHA-256".equals(a.get("Algorithm"))) {
                    add(where + ".Algorithm", "is " + describe(a.get("Algorithm")) + "; it must be SHA-256");
                }
            } else if (uri instanceof String u && u.startsWith("s3://")) {
                add(where + ".Digest", "is missing; dda pins every artifact by its SHA-256");
            }
            Object unarchive = a.get("Unarchive");
            if (unarchive != null && !"NONE".equals(unarchive) && !"ZIP".equals(unarchive)) {
                add(where + ".Unarchive", "is " + describe(unarchive) + "; it must be NONE or ZIP");
            }
        }

        void add(String where, String message) {
            problems.add(new RecipeProblem(where, message));
        }
    }

    static boolean validRequirement(String requirement) {
        String[] parts = requirement.trim().split("\\s+");
        if (requirement.isBlank()) {
            return false;
        }
        for (String p : parts) {
            if (!COMPARATOR.matcher(p).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
