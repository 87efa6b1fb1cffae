package dev.dda.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.testing.Fuzz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the spec loader, which promises never to throw for bad input: the example specs, damaged line
 * by line (lines dropped, repeated, swapped or re-indented, values replaced with other YAML types, keys renamed,
 * YAML syntax and anchors inserted), must load or come out as diagnostics, each placed in the file ({@link Fuzz};
 * {@code -Ddda.fuzz.cases=N} runs N cases per example).
 */
class SpecFuzzTest {
    private static final int CASES = Fuzz.cases(400);
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Map<String, String> ENV = Map.of("USECASE_EXTERNAL_ID", "u-ext", "DATA_EXTERNAL_ID", "d-ext");
    private static final String[] VALUES = {"", "~", "null", "[]", "{}", "0", "-1", "1e999", "true", "'x'",
            "\"\\u0000\"", "*nowhere", "&a x", "!!binary AAAA", "[1, [2, {3: 4}]]", "${env:NOPE}", "${file:/nope}",
            "${env:}", "${", "a: b: c", "- x", "|", ">-", "'unclosed", "\"\\q\"", "0x1F", ".inf", "2026-11-27",
            "{a: 1, a: 2}", "? complex", "%YAML 1.2", "---", "...", "\t", "!foo x", "!!timestamp 2001-12-14",
            "!!int x", "!!float abc", "!!bool maybe", "!!null x", "!!str 1", "!!set {a}", "!!omap [a: 1]",
            "!!map x", "!!seq x", "!<tag:yaml.org,2002:int> 12", "!!int 99999999999999999999999"};

    @TempDir
    Path work;

    @Test
    @Timeout(300)
    void load_whenSpecIsDamaged_returnsDiagnosticsAndNeverThrows() throws IOException {
        Files.createSymbolicLink(work.resolve("data"), EXAMPLES.resolve("data").toAbsolutePath());
        Files.createDirectories(work.resolve("pipelines"));
        int[] loadedRefused = new int[2];
        Path file = work.resolve("pipelines").resolve("case.yaml");
        for (String example : new String[] {"aliens-local.yaml", "aliens-aws.yaml"}) {
            List<String> lines = Files.readAllLines(EXAMPLES.resolve("pipelines").resolve(example));
            Random random = new Random(example.hashCode());
            Fuzz.assertNeverThrows(example, CASES, i -> String.join("\n", damage(new ArrayList<>(lines), random)),
                    text -> {
                        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
                        SpecResult result = SpecLoader.load(file, ENV);
                        loadedRefused[result.hasErrors() ? 1 : 0]++;
                        for (Diagnostic d : result.diagnostics()) {
                            assertThat(d.message()).as(example).isNotBlank();
                        }
                    });
        }
        assertThat(loadedRefused[1]).as("damage that makes a spec invalid").isPositive();
        assertThat(loadedRefused[0]).as("damage that leaves a valid spec").isPositive();
    }

    private static List<String> damage(List<String> lines, Random random) {
        int count = 1 + random.nextInt(3);
        for (int n = 0; n < count && !lines.isEmpty(); n++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, " ".repeat(random.nextInt(9)) + line.strip());
                case 4 -> {
                    int colon = line.indexOf(':');
                    String value = VALUES[random.nextInt(VALUES.length)];
                    lines.set(at, colon >= 0 ? line.substring(0, colon + 1) + " " + value : line + value);
                }
                case 5 -> {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        lines.set(at, line.substring(0, colon) + "x" + line.substring(colon));
                    }
                }
                default -> lines.add(at, line.substring(0, line.length() - line.stripLeading().length())
                        + VALUES[random.nextInt(VALUES.length)]);
            }
        }
        return lines;
    }
}
