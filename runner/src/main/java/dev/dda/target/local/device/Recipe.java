package dev.dda.target.local.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** A parsed recipe, as much of it as a device needs: identity, configuration, dependencies, manifests. */
public record Recipe(String name, String version, Map<String, Object> defaultConfiguration,
                     Map<String, String> dependencyTypes, List<Map<String, Object>> manifests, String text) {

    @SuppressWarnings("unchecked")
    public static Recipe parse(String text) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(text);
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a recipe must be a mapping");
        }
        Map<String, Object> recipe = (Map<String, Object>) m;
        Map<String, Object> config = Map.of();
        if (recipe.get("ComponentConfiguration") instanceof Map<?, ?> cc
                && cc.get("DefaultConfiguration") instanceof Map<?, ?> dc) {
            config = (Map<String, Object>) dc;
        }
        Map<String, String> deps = new LinkedHashMap<>();
        if (recipe.get("ComponentDependencies") instanceof Map<?, ?> d) {
            d.forEach((k, v) -> deps.put(String.valueOf(k), v instanceof Map<?, ?> dm && dm.get("DependencyType") != null
                    ? String.valueOf(dm.get("DependencyType")) : "HARD"));
        }
        List<Map<String, Object>> manifests = new ArrayList<>();
        if (recipe.get("Manifests") instanceof List<?> l) {
            l.forEach(x -> manifests.add((Map<String, Object>) x));
        }
        return new Recipe(String.valueOf(recipe.get("ComponentName")), String.valueOf(recipe.get("ComponentVersion")),
                config, deps, manifests, text);
    }

    /**
     * The first manifest whose platform attributes all hold on the device, as Greengrass chooses; a manifest
     * without a Platform matches every device.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> manifestFor(Map<String, String> platform) {
        for (Map<String, Object> manifest : manifests) {
            Object p = manifest.get("Platform");
            if (!(p instanceof Map<?, ?> wanted)) {
                return manifest;
            }
            boolean all = wanted.entrySet().stream().allMatch(e -> {
                String want = String.valueOf(e.getValue());
                String have = platform.get(String.valueOf(e.getKey()));
                return want.equals("*") || want.equalsIgnoreCase(have == null ? "" : have);
            });
            if (all) {
                return manifest;
            }
        }
        throw new IllegalArgumentException("component " + name + " " + version + " has no manifest for platform "
                + platform + " (it offers " + manifests.stream().map(x -> String.valueOf(x.get("Platform"))).toList() + ")");
    }

    /** A lifecycle entry by its case-insensitive key (Greengrass reads recipe keys case-insensitively). */
    static Object get(Map<String, Object> map, String key) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }
}
