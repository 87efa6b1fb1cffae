package dev.dda.manifest;

import dev.dda.testing.Fuzz;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the labeling manifests a user hands dda (JSON Lines: dda's own and Ground Truth's output):
 * values replaced by other JSON types and out-of-range numbers, keys renamed, lines dropped, repeated or cut. Each
 * is read or refused with a ManifestException naming its line, never another exception ({@link Fuzz};
 * {@code -Ddda.fuzz.cases=N} runs N cases per manifest).
 */
class ManifestFuzzTest {
    private static final Pattern VALUE = Pattern.compile("\":(\"[^\"]*\"|[^,{}\\[\\]]+)");
    private static final String[] VALUES = {"null", "0", "-1", "2", "1e999", "-1e999", "true", "\"\"", "\"x\"",
            "[]", "{}", "[null]", "\"\\u0000\"", "\"s3://\"", "\"s3://b/\"", "\"s3:///k\"", "9223372036854775808",
            "1.5", "\"2026-13-45T99:00:00\"", "\"anomaly-label\"", "\"groundtruth/semantic-segmentation\""};

    @Test
    void parse_whenTheManifestIsDamaged_refusesWithAManifestExceptionOrReadsIt() {
        String dda = String.join("\n", dda("s3://b-1/n/1.png", 0, "normal"), dda("s3://b-1/a/1.png", 1, "anomaly"));
        String gt = String.join("\n", gt("s3://b-1/n/1.png", 1, "normal"), gt("s3://b-1/a/1.png", 0, "anomaly"));
        Map<String, Fuzz.Attempt> parsers = Map.of("dda", text -> DdaManifest.parse("m.jsonl", text),
                "gt", text -> ManifestTransform.toDda(GroundTruthManifest.parse("out.manifest", text),
                        List.of("normal", "anomaly"), "out.manifest"));
        parsers.forEach((name, parser) -> {
            Random random = new Random(11);
            // both manifests, in turn, for each reader: N cases of each
            Fuzz.assertReadOrRefused(name + " reader", 2 * Fuzz.cases(3000),
                    i -> damage(i % 2 == 0 ? dda : gt, random), ManifestException.class, parser);
        });
    }

    private static String damage(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(5)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, line);
            case 2 -> lines.set(at, line.substring(0, random.nextInt(line.length())));
            case 3 -> {
                List<int[]> spans = new ArrayList<>();
                Matcher m = VALUE.matcher(line);
                while (m.find()) {
                    spans.add(new int[] {m.start(1), m.end(1)});
                }
                int[] s = spans.get(random.nextInt(spans.size()));
                lines.set(at, line.substring(0, s[0]) + VALUES[random.nextInt(VALUES.length)] + line.substring(s[1]));
            }
            default -> {
                int colon = line.indexOf("\":", random.nextInt(line.length()));
                if (colon > 0) {
                    lines.set(at, line.substring(0, colon) + "x" + line.substring(colon));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String dda(String ref, int label, String className) {
        return "{\"source-ref\":\"" + ref + "\",\"anomaly-label\":" + label + ",\"anomaly-label-metadata\":"
                + "{\"job-name\":\"anomaly-label\",\"class-name\":\"" + className + "\",\"human-annotated\":\"yes\","
                + "\"creation-date\":\"2026-01-01T00:00:00\",\"type\":\"groundtruth/image-classification\"}}";
    }

    private static String gt(String ref, int index, String className) {
        return "{\"source-ref\":\"" + ref + "\",\"class\":" + index + ",\"class-metadata\":{\"class-name\":\""
                + className + "\",\"confidence\":0.87,\"human-annotated\":\"yes\",\"creation-date\":"
                + "\"2026-02-01T10:00:00.000000\",\"type\":\"groundtruth/image-classification\",\"job-name\":"
                + "\"labeling-job/dda-line-1\"}}";
    }
}
