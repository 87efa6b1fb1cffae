package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.GroundTruthManifest;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelingHandlerTest {
    @TempDir
    Path tmp;
    LocalFixture f;
    Path source;
    Resource dataset;

    @BeforeEach
    void setUp() throws Exception {
        f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        source = f.sourceAccountAndBucket("sagemaker-data");
        write("ATTRIBUTION.md", "CC BY-SA 4.0");
        dataset = f.resource("dataset.alien", Map.of("bucket", "data", "prefix", "datasets/alien/", "source", "data"),
                "bucket.data");
        f.apply(dataset);
    }

    private void write(String rel, String content) throws Exception {
        f.writeSource(rel, content);
    }

    private Resource labeling(Map<String, Object> extra) {
        Map<String, Object> a = new LinkedHashMap<>(Map.of("dataset", "alien", "task", "classification",
                "from", "folders", "labels", List.of("normal", "anomaly")));
        a.putAll(extra);
        return f.resource("labeling.alien-labels", a, "dataset.alien");
    }

    private String jobName(Resource r) {
        return "alien-labels-" + f.contentKey(r.address()).substring("sha256:".length(), "sha256:".length() + 8);
    }

    @Test
    void apply_fromFolders_writesBothManifestsWithCountsPerLabel() throws Exception {
        Resource l = labeling(Map.of());
        Change plan = f.plan(l);
        assertThat(plan.action()).isEqualTo(Action.CREATE);
        assertThat(plan.reasons()).containsExactly("new labeling job " + jobName(l)
                + ": labels from the class folders of dataset.alien [normal, anomaly]");

        Map<String, Object> out = f.apply(l).outputs();
        assertThat(out).containsEntry("jobName", jobName(l)).containsEntry("normal", 3L).containsEntry("anomaly", 3L)
                .containsEntry("total", 3 + 3).containsEntry("counts", Map.of("anomaly", 3L, "normal", 3L))
                .containsEntry("ddaManifestUri", "s3://sagemaker-data/datasets/manifests/alien-labels/" + jobName(l)
                        + "/output-dda.manifest");
        assertThat(f.intents).containsExactly("labeling.alien-labels=" + jobName(l));

        GroundTruthManifest gt = GroundTruthManifest.read(Path.of((String) out.get("manifest")));
        assertThat(gt.entries()).hasSize(6);
        GroundTruthManifest.Entry first = gt.entries().get(0);
        assertThat(first.sourceRef()).hasToString("s3://sagemaker-data/datasets/alien/anomaly/1.png");
        assertThat(first.classIndex()).isEqualTo(1);
        assertThat(first.metadata().jobName()).isEqualTo("labeling-job/" + jobName(l));
        assertThat(first.metadata().type()).isEqualTo("groundtruth/image-classification");

        DdaManifest dda = DdaManifest.read(Path.of((String) out.get("ddaManifest")));
        assertThat(dda.countsByLabel()).isEqualTo(Map.of(0, 3L, 1, 3L));
        assertThat(f.target.objectPath(first.sourceRef())).get().satisfies(p -> assertThat(p).hasContent("anomaly 1"));
        assertThat(f.plan(l).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void apply_fromFolders_labelsRawFramesAsTheTrainerReadsThem() throws Exception {
        // the edge service takes PGM/PPM camera frames and the trainer reads them; labeling used to skip them
        write("normal/frame.pgm", "P5\n2 1\n255\nAB");
        write("anomaly/frame.ppm", "P6\n1 1\n255\nRGB");
        f.apply(dataset);

        assertThat(f.apply(labeling(Map.of())).outputs()).containsEntry("normal", 4L).containsEntry("anomaly", 4L);
    }

    @Test
    void plan_whenDatasetImageChanges_replacesWithNewJobAndReason() throws Exception {
        Resource l = labeling(Map.of());
        f.apply(l);
        String oldJob = jobName(l);
        write("anomaly/2.png", "anomaly 2, edited");
        Map<String, Object> files = new LinkedHashMap<>();
        for (var e : LocalFiles.hashTree(source, true).entrySet()) {
            files.put(e.getKey(), e.getValue());
        }
        Map<String, Object> attrs = new LinkedHashMap<>(dataset.attributes());
        attrs.put("files", files); // as the graph builder records them: the labeling digest follows
        dataset = f.resource("dataset.alien", attrs, "bucket.data");
        assertThat(f.plan(dataset).reasons()).containsExactly("0 added, 1 changed, 0 deleted: anomaly/2.png");
        f.apply(dataset);

        Change c = f.plan(l);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons()).containsExactly("dataset.alien changed",
                "a new labeling job " + jobName(l) + " replaces " + oldJob);
        f.apply(l);
        assertThat(f.plan(l).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_afterAnApplyStoppedMidJob_saysSoAndRunsItAgain() throws Exception {
        Resource l = labeling(Map.of());
        f.state.put(l.address(), new dev.dda.state.ResourceState(l.address(), dev.dda.state.ResourceState.Status.INTENT,
                f.digest(l.address()), l.attributes(), Map.of(), jobName(l), java.time.Instant.now()));
        Change c = f.plan(l);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons()).containsExactly("labeling job " + jobName(l) + " was started by an apply that "
                + "stopped before it finished; it runs again");
        f.apply(l);
        assertThat(f.plan(l).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenStateForgotAFinishedJob_reusesIt() throws Exception {
        Resource l = labeling(Map.of());
        Map<String, Object> first = f.apply(l).outputs();
        f.state.remove(l.address());
        Change c = f.plan(l);
        assertThat(c.action()).isEqualTo(Action.REUSE);
        assertThat(c.reasons().get(0)).contains("already finished; its manifests are used");
        assertThat(f.apply(l).outputs()).containsEntry("created", first.get("created"));
        assertThat(f.intents).hasSize(1);
    }

    @Test
    void plan_whenDdaManifestEditedBadly_rerunsNamingTheLine() throws Exception {
        Resource l = labeling(Map.of());
        Path dda = Path.of((String) f.apply(l).outputs().get("ddaManifest"));
        Files.writeString(dda, Files.readString(dda).replaceFirst("\"anomaly-label\":1", "\"anomaly-label\":\"yes\""));
        Change c = f.plan(l);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons().get(0)).contains("output-dda.manifest:1: anomaly-label must be 0 or 1, found \"yes\"");
        f.apply(l);
        assertThat(DdaManifest.validate("m", Files.readString(dda))).isEmpty();
    }

    @Test
    void apply_whenFolderIsNotALabel_failsNamingIt() throws Exception {
        Resource l = labeling(Map.of("labels", List.of("normal", "broken")));
        assertThatThrownBy(() -> f.apply(l)).hasMessage("folders [anomaly] under s3://sagemaker-data/datasets/alien/ "
                + "are not among the labels [normal, broken]; rename the folders or add them to labels");
    }

    @Test
    void apply_whenNormalLabelIsNotFirst_labelsByNameNotPosition() throws Exception {
        Resource l = labeling(Map.of("labels", List.of("anomaly", "normal"), "normalLabel", "normal"));
        Map<String, Object> out = f.apply(l).outputs();
        DdaManifest dda = DdaManifest.read(Path.of((String) out.get("ddaManifest")));
        assertThat(dda.entries()).filteredOn(e -> e.sourceRef().key().contains("/normal/"))
                .extracting(DdaManifest.Entry::anomalyLabel).containsOnly(0);
        GroundTruthManifest gt = GroundTruthManifest.read(Path.of((String) out.get("manifest")));
        assertThat(gt.entries().get(0).classIndex()).isZero(); // anomaly/1.png: index 0 of [anomaly, normal]
    }

    @Test
    void plan_whenFromGroundTruth_saysItNeedsAws() {
        Resource l = labeling(Map.of("from", "groundtruth", "workteam", "arn:aws:sagemaker:x"));
        assertThatThrownBy(() -> f.plan(l)).hasMessageContaining("needs target: aws");
    }

    private static String gtLine(String key, int index, String className) {
        return "{\"source-ref\":\"s3://sagemaker-data/datasets/alien/" + key + "\",\"class\":" + index
                + ",\"class-metadata\":{\"class-name\":\"" + className + "\",\"confidence\":0.9,\"human-annotated\":"
                + "\"yes\",\"creation-date\":\"2026-02-01T10:00:00\",\"type\":\"groundtruth/image-classification\","
                + "\"job-name\":\"labeling-job/line-1\"}}\n";
    }

    @Test
    void apply_fromManifest_importsAndTransforms() throws Exception {
        Files.writeString(tmp.resolve("spec/gt.manifest"), gtLine("normal/1.png", 1, "normal")
                + gtLine("anomaly/1.png", 0, "anomaly"));
        Resource l = labeling(Map.of("from", "manifest", "manifest", "gt.manifest"));
        Map<String, Object> out = f.apply(l).outputs();
        assertThat(out).containsEntry("normal", 1L).containsEntry("anomaly", 1L).containsKey("inputManifestSha256");
        DdaManifest dda = DdaManifest.read(Path.of((String) out.get("ddaManifest")));
        assertThat(dda.entries()).extracting(e -> e.sourceRef().key() + "=" + e.anomalyLabel())
                .containsExactly("datasets/alien/normal/1.png=0", "datasets/alien/anomaly/1.png=1");
        assertThat(f.plan(l).action()).isEqualTo(Action.NOOP);

        Files.writeString(tmp.resolve("spec/gt.manifest"), gtLine("normal/1.png", 1, "normal"));
        Change c = f.plan(l);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons().get(0)).isEqualTo("manifest file gt.manifest changed");
    }

    @Test
    void apply_fromManifest_whenImageMissing_namesTheLine() throws Exception {
        Files.writeString(tmp.resolve("spec/gt.manifest"), gtLine("normal/1.png", 1, "normal")
                + gtLine("normal/99.png", 1, "normal"));
        Resource l = labeling(Map.of("from", "manifest", "manifest", "gt.manifest"));
        assertThatThrownBy(() -> f.apply(l)).hasMessageContaining(
                "gt.manifest:2: source-ref s3://sagemaker-data/datasets/alien/normal/99.png: no such object");
    }

    @Test
    void plan_fromManifest_whenManifestInvalid_failsWithLineNumbers() throws Exception {
        Files.writeString(tmp.resolve("spec/gt.manifest"), gtLine("normal/1.png", 1, "normal") + "{oops\n");
        Resource l = labeling(Map.of("from", "manifest", "manifest", "gt.manifest"));
        assertThatThrownBy(() -> f.plan(l)).hasMessageContaining("gt.manifest:2: invalid JSON");
    }
}
