package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Content digests: SHA-256 of a resource's canonical attributes (secrets as their fingerprint) and of its
 * dependencies' digests, so a change anywhere upstream changes every digest downstream. Jobs and component
 * versions are named after them.
 */
public final class Digests {
    private Digests() {}

    public static Map<Address, String> of(ResourceGraph graph) {
        Map<Address, String> out = new HashMap<>();
        for (Resource r : graph.resources()) { // topological: dependencies are already digested
            List<String> deps = r.dependsOn().stream().sorted().map(out::get).toList();
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("attributes", r.attributes());
            input.put("dependencies", deps);
            out.put(r.address(), "sha256:" + sha256(Json.canonical(input)));
        }
        return Map.copyOf(out);
    }

    /**
     * The first {@code length} hex digits of a digest as {@link #of} gives it ({@code sha256:HEX}): what names of
     * jobs and folders carry, where the algorithm's name and its colon have no place.
     */
    public static String shortHex(String digest, int length) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.substring(0, Math.min(length, hex.length()));
    }

    public static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
