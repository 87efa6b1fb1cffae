package dev.dda.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Mutation fuzzing of a pretty-printed JSON document dda wrote (a plan file, a state): damaged one line at a time
 * (dropped, repeated, swapped, its value replaced by another JSON type, its key renamed), each version must be read
 * back or refused with an IOException, never fail with another exception ({@link Fuzz}).
 */
public final class JsonDamage {
    private static final String[] VALUES = {"null", "0", "-1", "1e999", "-1e999", "true", "\"\"", "\"x\"", "[]",
            "{}", "[null]", "{\"a\": {}}", "\"\\u0000\"", "\"/\"", "\"bucket.\"", "\"sha256:\"",
            "9223372036854775808", "1.5", "\"2026-13-45T99:00:00Z\""};

    private JsonDamage() {}

    public static void assertReadOrRefused(String written, int defaultCases, Fuzz.Attempt reader) {
        List<String> lines = List.of(written.split("\n"));
        Random random = new Random(7);
        Fuzz.assertReadOrRefused("document", Fuzz.cases(defaultCases),
                i -> String.join("\n", damage(new ArrayList<>(lines), random)), IOException.class, reader);
    }

    private static List<String> damage(List<String> lines, Random random) {
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        int colon = line.indexOf("\" : ");
        switch (random.nextInt(5)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, line);
            case 2 -> Collections.swap(lines, at, random.nextInt(lines.size()));
            case 3 -> {
                String value = VALUES[random.nextInt(VALUES.length)];
                lines.set(at, colon < 0 ? line + value
                        : line.substring(0, colon + 4) + value + (line.endsWith(",") ? "," : ""));
            }
            default -> {
                if (colon >= 0) {
                    lines.set(at, line.substring(0, colon) + "x" + line.substring(colon));
                }
            }
        }
        return lines;
    }
}
