package dev.dda.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DdaManifestTest {
    private static String line(String ref, Object label) {
        return "{\"source-ref\":\"" + ref + "\",\"anomaly-label\":" + label + ",\"anomaly-label-metadata\":"
                + "{\"job-name\":\"anomaly-label\",\"class-name\":\"normal\",\"human-annotated\":\"yes\","
                + "\"creation-date\":\"2026-01-01T00:00:00\",\"type\":\"groundtruth/image-classification\"}}";
    }

    @Test
    void write_thenParse_roundTrips() throws Exception {
        DdaManifest m = new DdaManifest(List.of(
                new DdaManifest.Entry(S3Uri.parse("s3://sagemaker-data/n/1.png"), 0, "normal", 1.0, true,
                        "2026-01-01T00:00:00", Optional.empty()),
                new DdaManifest.Entry(S3Uri.parse("s3://3d-parts/a/1.png"), 1, "anomaly", 0.9, false,
                        "2026-01-01T00:00:00", Optional.empty())));
        String text = m.toJsonLines();
        assertThat(text).contains("\"source-ref\":\"s3://sagemaker-data/n/1.png\"", "\"anomaly-label\":1",
                "\"job-name\":\"anomaly-label\"", "\"type\":\"groundtruth/image-classification\"");
        assertThat(DdaManifest.validate("m.jsonl", text)).isEmpty();
        assertThat(DdaManifest.parse("m.jsonl", text)).isEqualTo(m);
        assertThat(m.countsByLabel()).isEqualTo(Map.of(0, 1L, 1, 1L));
    }

    private static DdaManifest of(String... refs) {
        List<DdaManifest.Entry> entries = new java.util.ArrayList<>();
        for (String r : refs) {
            entries.add(new DdaManifest.Entry(S3Uri.parse(r), 0, "normal", 1.0, true, "2026-01-01T00:00:00",
                    Optional.empty()));
        }
        return new DdaManifest(entries);
    }

    @Test
    void sharedFolder_isTheDeepestFolderHoldingEveryImage_andEmptyAcrossBuckets() {
        assertThat(of("s3://bkt/data/alien/normal/1.png", "s3://bkt/data/alien/anomaly/10.png").sharedFolder())
                .contains("s3://bkt/data/alien/");
        assertThat(of("s3://bkt/data/alien/normal/1.png", "s3://bkt/data/alien/normal/10.png").sharedFolder())
                .contains("s3://bkt/data/alien/normal/");
        assertThat(of("s3://bkt/alien-1/1.png", "s3://bkt/alien-2/1.png").sharedFolder()).contains("s3://bkt/");
        assertThat(of("s3://bkt/x/1.png", "s3://cat/x/1.png").sharedFolder()).isEmpty();
    }

    @Test
    void validate_reportsEveryBadLineWithItsNumber() {
        String text = String.join("\n",
                line("s3://b-1/1.png", 0),
                line("s3://b-1/2.png", "\"yes\""),
                "{not json",
                "",
                line("s3://b-1/1.png", 1),
                line("b-1/5.png", 1),
                "{\"source-ref\":\"s3://b-1/6.png\",\"class\":1,\"class-metadata\":{}}",
                "[1,2]",
                line("s3://b-1/9.png", 1).replace("\"job-name\":\"anomaly-label\"", "\"job-name\":\"labeling-job/x\""),
                "{\"source-ref\":7,\"anomaly-label\":1,\"anomaly-label-metadata\":\"x\"}");
        assertThat(DdaManifest.validate("manifest.jsonl", text)).extracting(ManifestProblem::toString).containsExactly(
                "manifest.jsonl:3: invalid JSON: Unexpected character ('n' (code 110)): was expecting double-quote to "
                        + "start field name",
                "manifest.jsonl:8: expected a JSON object, found [1,2]",
                "manifest.jsonl:2: anomaly-label must be 0 or 1, found \"yes\"",
                "manifest.jsonl:5: source-ref s3://b-1/1.png already appears on line 1; each image belongs on one line",
                "manifest.jsonl:6: source-ref: 'b-1/5.png' is not an S3 URI; expected s3://BUCKET/KEY",
                "manifest.jsonl:7: missing required attributes anomaly-label, anomaly-label-metadata; this looks like a "
                        + "Ground Truth output manifest (label attribute 'class'): import it with labeling from: "
                        + "manifest, which transforms it",
                "manifest.jsonl:9: anomaly-label-metadata.job-name must be \"anomaly-label\" (the attribute's own "
                        + "name), found \"labeling-job/x\"",
                "manifest.jsonl:10: source-ref must be a string s3://BUCKET/KEY, found 7",
                "manifest.jsonl:10: anomaly-label-metadata must be an object, found \"x\"");
    }

    @Test
    void validate_whenSomeLinesHaveMasks_requiresMasksOnEveryLine() {
        String mask = ",\"anomaly-mask-ref\":\"s3://b-1/m/1.png\",\"anomaly-mask-ref-metadata\":{\"job-name\":"
                + "\"anomaly-mask-ref\",\"internal-color-map\":{\"0\":{\"class-name\":\"BACKGROUND\"}}}}";
        String first = line("s3://b-1/1.png", 1);
        String text = first.substring(0, first.length() - 1) + mask + "\n" + line("s3://b-1/2.png", 0);
        assertThat(DdaManifest.validate("seg.jsonl", text)).extracting(ManifestProblem::toString).containsExactly(
                "seg.jsonl:2: anomaly-mask-ref is missing, but line 1 has one: in a segmentation manifest every line "
                        + "needs a mask (normal images use an all-background mask)");
    }

    @Test
    void parse_whenEmpty_saysSo() {
        assertThatThrownBy(() -> DdaManifest.parse("e.jsonl", "\n\n"))
                .hasMessage("e.jsonl: the manifest is empty; expected one JSON object per line");
    }
}
