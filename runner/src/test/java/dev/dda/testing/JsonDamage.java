package dev.dda.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutation fuzzing of a pretty-printed JSON document dda wrote (a plan file, a state): damaged one line at a time
 * (dropped, repeated, swapped, its value replaced by another JSON type, its key renamed), each version must be read
 * back or refused with an IOException, never fail with another exception. Seeded; {@code -Ddda.fuzz.cases=N} runs
 * N cases instead of the default.
 */
public final class JsonDamage {
    private static final String[] VALUES = {"null", "0", "-1", "1e999", "-1e999", "true", "\"\"", "\"x\"", "[]",
            "{}", "[null]", "{\"a\": {}}", "\"\\u0000\"", "\"/\"", "\"bucket.\"", "\"sha256:\"",
            "9223372036854775808", "1.5", "\"2026-13-45T99:00:00Z\""};

    /** Reads one version of the document; an IOException is a refusal. */
    @FunctionalInterface
    public interface Reader {
        void read(String json) throws IOException;
    }

    private JsonDamage() {}

    public static void assertReadOrRefused(String written, int defaultCases, Reader reader) {
        List<String> lines = List.of(written.split("\n"));
        Random random = new Random(7);
        Map<String, String> failures = new LinkedHashMap<>();
        int read = 0;
        for (int i = 0; i < Integer.getInteger("dda.fuzz.cases", defaultCases) && failures.size() < 10; i++) {
            String damaged = String.join("\n", damage(new ArrayList<>(lines), random));
            try {
                reader.read(damaged);
                read++;
            } catch (IOException e) {
                assertThat(e.getMessage()).as("case %d", i).isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                failures.putIfAbsent(e.getClass().getName() + " at " + e.getStackTrace()[0],
                        "case " + i + ": " + e + "\n" + damaged);
            }
        }
        assertThat(failures).as("%d read back", read).isEmpty();
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
