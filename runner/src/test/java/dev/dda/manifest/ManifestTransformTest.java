package dev.dda.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTransformTest {
    /** A Ground Truth job whose label categories were [anomaly, normal]: index 0 is NOT the normal class. */
    private static String gt(String ref, int index, String className) {
        return "{\"source-ref\":\"" + ref + "\",\"class\":" + index + ",\"class-metadata\":{\"class-name\":\""
                + className + "\",\"confidence\":0.87,\"human-annotated\":\"yes\",\"creation-date\":"
                + "\"2026-02-01T10:00:00.000000\",\"type\":\"groundtruth/image-classification\",\"job-name\":"
                + "\"labeling-job/dda-line-1\"}}";
    }

    @Test
    void toDda_mapsByClassNameAgainstLabels_notByIndex() throws Exception {
        GroundTruthManifest m = GroundTruthManifest.parse("out.manifest", String.join("\n",
                gt("s3://sagemaker-line-1/datasets/a/1.png", 0, "defect"),
                gt("s3://3dprint-parts/datasets/n/1.png", 1, "ok")));
        assertThat(m.labelAttribute()).isEqualTo("class");
        DdaManifest dda = ManifestTransform.toDda(m, List.of("ok", "defect"), "out.manifest");
        assertThat(dda.entries()).extracting(DdaManifest.Entry::anomalyLabel).containsExactly(1, 0);
        assertThat(dda.entries()).extracting(e -> e.sourceRef().toString())
                .containsExactly("s3://sagemaker-line-1/datasets/a/1.png", "s3://3dprint-parts/datasets/n/1.png");
        String text = dda.toJsonLines();
        assertThat(text).contains("s3://sagemaker-line-1/", "s3://3dprint-parts/").doesNotContain("s3://agemaker-line",
                "s3://dprint");
        assertThat(DdaManifest.validate("dda.manifest", text)).isEmpty();
        assertThat(dda.entries().get(0).confidence()).isEqualTo(0.87);
    }

    @Test
    void toDda_whenClassNameUnknown_namesLineAndLabels() throws Exception {
        GroundTruthManifest m = GroundTruthManifest.parse("out.manifest", gt("s3://b-1/1.png", 2, "scratch"));
        assertThatThrownBy(() -> ManifestTransform.toDda(m, List.of("normal", "anomaly"), "out.manifest"))
                .hasMessage("out.manifest:1: class-name \"scratch\" is not one of the labels [normal, anomaly]; add it "
                        + "to labels or relabel the image");
    }

    @Test
    void toDda_whenNoClassName_usesIndexAgainstLabels() throws Exception {
        String line = "{\"source-ref\":\"s3://b-1/1.png\",\"class\":1,\"class-metadata\":{\"type\":"
                + "\"groundtruth/image-classification\"}}";
        DdaManifest dda = ManifestTransform.toDda(GroundTruthManifest.parse("o", line), List.of("normal", "anomaly"), "o");
        assertThat(dda.entries().get(0).anomalyLabel()).isEqualTo(1);
    }

    @Test
    void toDda_carriesHybridSegmentationMask() throws Exception {
        String line = "{\"source-ref\":\"s3://b-1/1.png\",\"cookie-classification\":1,\"cookie-classification-metadata\":"
                + "{\"class-name\":\"anomaly\"},\"cookie-segmentation-ref\":\"s3://b-1/masks/1.png\","
                + "\"cookie-segmentation-ref-metadata\":{\"internal-color-map\":{\"0\":{\"class-name\":\"BACKGROUND\","
                + "\"hex-color\":\"#ffffff\"}},\"type\":\"groundtruth/semantic-segmentation\"}}";
        GroundTruthManifest m = GroundTruthManifest.parse("o", line);
        assertThat(m.labelAttribute()).isEqualTo("cookie-classification");
        DdaManifest dda = ManifestTransform.toDda(m, List.of("normal", "anomaly"), "o");
        assertThat(dda.segmentation()).isTrue();
        String text = dda.toJsonLines();
        assertThat(text).contains("\"anomaly-mask-ref\":\"s3://b-1/masks/1.png\"", "\"job-name\":\"anomaly-mask-ref\"",
                "BACKGROUND");
        assertThat(DdaManifest.validate("dda", text)).isEmpty();
    }

    @Test
    void parse_whenBoundingBoxes_explainsWhyTheyCannotBecomeLabels() {
        String line = "{\"source-ref\":\"s3://b-1/1.png\",\"bounding-box\":{\"annotations\":[]},"
                + "\"bounding-box-metadata\":{\"type\":\"groundtruth/object-detection\"}}";
        assertThatThrownBy(() -> GroundTruthManifest.parse("bb.manifest", line))
                .hasMessageStartingWith("bb.manifest:1: 'bounding-box' holds bounding boxes (groundtruth/object-detection)")
                .hasMessageContaining("task: classification");
    }

    @Test
    void parse_whenOnlyAMask_asksForAnImageLevelLabel() {
        String line = "{\"source-ref\":\"s3://b-1/1.png\",\"semantic-segmentation-ref\":\"s3://b-1/m.png\","
                + "\"semantic-segmentation-ref-metadata\":{\"type\":\"groundtruth/semantic-segmentation\"}}";
        assertThatThrownBy(() -> GroundTruthManifest.parse("seg.manifest", line))
                .hasMessageContaining("seg.manifest:1: 'semantic-segmentation-ref' is a segmentation mask without an "
                        + "image-level label");
    }

    @Test
    void parse_reportsBadLinesWithNumbers() {
        String text = String.join("\n", gt("s3://b-1/1.png", 0, "normal"),
                gt("s3://b-1/2.png", 0, "normal").replace("\"class\":0", "\"class\":\"yes\""),
                "{\"source-ref\":\"s3://b-1/3.png\",\"class-metadata\":{\"failure-reason\":\"ClientError: timeout\"}}",
                gt("s3://s3://b-1/4.png", 1, "anomaly"));
        assertThatThrownBy(() -> GroundTruthManifest.parse("gt.manifest", text)).isInstanceOfSatisfying(
                ManifestException.class, e -> assertThat(e.problems()).extracting(ManifestProblem::toString)
                        .containsExactly("gt.manifest:2: class must be a class index (0, 1, …), found \"yes\"",
                                "gt.manifest:3: Ground Truth did not label this image: ClientError: timeout; remove "
                                        + "the line or label the image",
                                "gt.manifest:4: source-ref: 's3://s3://b-1/4.png' repeats the s3:// scheme; expected "
                                        + "s3://BUCKET/KEY"));
    }

    @Test
    void write_thenParse_roundTrips() throws Exception {
        GroundTruthManifest m = GroundTruthManifest.parse("o", gt("s3://sagemaker-x/1.png", 1, "anomaly"));
        GroundTruthManifest again = GroundTruthManifest.parse("o", m.toJsonLines());
        assertThat(again.entries()).isEqualTo(m.entries());
        assertThat(again.countsByClass()).containsEntry("anomaly", 1L);
    }
}
