package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetHandlerTest {
    @TempDir
    Path tmp;
    LocalFixture f;
    Path source;

    @BeforeEach
    void setUp() throws Exception {
        f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        source = f.sourceAccountAndBucket("3dprint-data");
        write(".DS_Store", "litter");
    }

    private void write(String rel, String content) throws Exception {
        f.writeSource(rel, content);
    }

    private Resource dataset(boolean deletions) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("bucket", "data");
        a.put("prefix", "datasets/alien/");
        a.put("source", "data");
        a.put("deletions", deletions ? "delete" : "keep");
        return f.resource("dataset.alien", a, "bucket.data");
    }

    private Path objects() {
        return tmp.resolve("root/accounts/000000000000/buckets/3dprint-data/objects/datasets/alien");
    }

    private int copied(Resource d) throws Exception {
        return (Integer) f.apply(d).outputs().get("copied");
    }

    @Test
    void plan_whenNeverSynced_createsWithAllFilesAdded() throws Exception {
        Change c = f.plan(dataset(false));
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons()).containsExactly("6 added, 0 changed, 0 deleted: anomaly/1.png, anomaly/2.png, "
                + "anomaly/3.png, …");
        assertThat(c.after()).containsEntry("files", 6);
    }

    @Test
    void apply_whenASourceImageIsDamaged_copiesNothingAndNamesTheSourceFile() throws Exception {
        write("normal/99.png", "");

        assertThatThrownBy(() -> f.apply(dataset(false)))
                .hasMessageStartingWith("dataset.alien: 1 image is damaged, so nothing was synced; fix or remove it")
                .hasMessageContaining(source.resolve("normal/99.png") + ": the image is empty (0 bytes)");
        assertThat(objects().resolve("normal/2.png")).doesNotExist();
    }

    @Test
    void apply_copiesOnlyChangedFiles_andNextPlanIsNoop() throws Exception {
        Resource d = dataset(false);
        assertThat(copied(d)).isEqualTo(6);
        assertThat(objects().resolve("normal/2.png")).hasContent("normal 2");
        assertThat(objects().resolve(".DS_Store")).doesNotExist();
        assertThat(f.plan(d).action()).isEqualTo(Action.NOOP);
        assertThat(copied(d)).isZero();

        write("anomaly/2.png", "anomaly 2, edited");
        write("anomaly/41.png", "new");
        Change c = f.plan(d);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons()).containsExactly("1 added, 1 changed, 0 deleted: anomaly/2.png, anomaly/41.png");
        assertThat(copied(d)).isEqualTo(2);
        assertThat(objects().resolve("anomaly/2.png")).hasContent("anomaly 2, edited");
        assertThat(f.apply(d).outputs()).containsEntry("uri", "s3://3dprint-data/datasets/alien/")
                .containsEntry("fileCount", 7);
    }

    @Test
    void plan_whenSourceFileDeleted_keepsObjectUnlessDeletionsOptedIn() throws Exception {
        f.apply(dataset(false));
        Files.delete(source.resolve("normal/3.png"));

        Change kept = f.plan(dataset(false));
        assertThat(kept.action()).isEqualTo(Action.NOOP);
        assertThat(kept.reasons()).containsExactly(
                "1 object(s) not in the source are kept (set deletions: delete to delete them): normal/3.png");

        Resource deleting = dataset(true);
        Change c = f.plan(deleting);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons()).containsExactly("0 added, 0 changed, 1 deleted: normal/3.png");
        assertThat(f.apply(deleting).outputs()).containsEntry("deleted", 1).containsEntry("copied", 0);
        assertThat(objects().resolve("normal/3.png")).doesNotExist();
        assertThat(f.plan(deleting).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenAFileLeavesTheSourceAndIsKept_saysLabelingStillReadsItOnceThenNothing() throws Exception {
        f.apply(asTheEngineBuildsIt());
        Files.delete(source.resolve("normal/3.png"));

        Change left = f.plan(asTheEngineBuildsIt());
        f.apply(asTheEngineBuildsIt());
        Change after = f.plan(asTheEngineBuildsIt());

        assertThat(left.action()).isEqualTo(Action.UPDATE);
        assertThat(left.reasons()).containsExactly("1 file(s) left the source since the last apply but stay in the"
                + " bucket (deletions: keep), so labeling and training still read them: normal/3.png; set deletions:"
                + " delete to delete them");
        assertThat(left.after()).containsEntry("files", 6); // the kept object is still there after apply
        assertThat(objects().resolve("normal/3.png")).exists();
        assertThat(after.action()).isEqualTo(Action.NOOP);
        assertThat(after.reasons()).containsExactly(
                "1 object(s) not in the source are kept (set deletions: delete to delete them): normal/3.png");
    }

    /** The dataset with the source's file digests, as the resource graph gives them to handlers. */
    private Resource asTheEngineBuildsIt() {
        Resource d = dataset(false);
        Map<String, Object> a = new LinkedHashMap<>(d.attributes());
        a.put("files", dev.dda.graph.FileDigests.of(source));
        return new Resource(d.address(), a, d.dependsOn(), d.protect(), d.location());
    }

    @Test
    void apply_afterAKilledCopy_ignoresAndRemovesItsTemporaryFile() throws Exception {
        Resource d = dataset(false);
        f.apply(d);
        Path leftover = Files.writeString(objects().resolve("normal/.2.png12345.tmp"), "half a fi");
        assertThat(f.plan(d).action()).isEqualTo(Action.NOOP);
        assertThat(f.plan(d).reasons()).isEmpty();
        Files.delete(objects().resolve("normal/2.png"));
        assertThat(copied(d)).isEqualTo(1);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void plan_whenObjectEditedInBucket_copiesItBack() throws Exception {
        Resource d = dataset(false);
        f.apply(d);
        Files.writeString(objects().resolve("normal/1.png"), "tampered with");
        assertThat(f.plan(d).reasons()).containsExactly("0 added, 1 changed, 0 deleted: normal/1.png");
        assertThat(copied(d)).isEqualTo(1);
        assertThat(objects().resolve("normal/1.png")).hasContent("normal 1");
    }

    @Test
    void plan_usesPlannedHashesFromTheGraphWhenPresent() throws Exception {
        Map<String, Object> a = new LinkedHashMap<>(dataset(false).attributes());
        a.put("files", Map.of("normal/1.png", "sha256:" + dev.dda.graph.FileDigests.sha256(source.resolve("normal/1.png"))));
        Resource d = f.resource("dataset.alien", a, "bucket.data");
        assertThat(f.plan(d).reasons()).containsExactly("1 added, 0 changed, 0 deleted: normal/1.png");
        assertThat(copied(d)).isEqualTo(1);
    }

    @Test
    void apply_whenSourceChangedSincePlan_failsWithClearMessage() throws Exception {
        Map<String, Object> a = new LinkedHashMap<>(dataset(false).attributes());
        a.put("files", Map.of("normal/1.png", "0".repeat(64)));
        Resource d = f.resource("dataset.alien", a, "bucket.data");
        assertThatThrownBy(() -> f.apply(d)).hasMessageContaining("changed since the plan was made")
                .hasMessageContaining("run dda plan again");
        assertThat(objects().resolve("normal/1.png")).as("nothing unplanned lands in the bucket").doesNotExist();
    }

    @Test
    void observe_whenSourceMissing_failsNamingTheFolder() {
        Map<String, Object> a = new LinkedHashMap<>(dataset(false).attributes());
        a.put("source", "nowhere");
        Resource d = f.resource("dataset.alien", a, "bucket.data");
        assertThatThrownBy(() -> f.plan(d)).hasMessageContaining("dataset.alien: source folder")
                .hasMessageContaining("nowhere does not exist");
    }

    @Test
    void delete_removesOnlyTheObjectsTheDatasetSynced() throws Exception {
        Map<String, Object> a = new LinkedHashMap<>(dataset(false).attributes());
        Map<String, Object> files = new LinkedHashMap<>();
        for (String rel : new String[] {"normal/1.png", "anomaly/1.png"}) {
            files.put(rel, dev.dda.graph.FileDigests.sha256(source.resolve(rel)));
        }
        a.put("files", files);
        Resource d = f.resource("dataset.alien", a, "bucket.data");
        f.apply(d);
        Files.writeString(objects().resolve("mine.txt"), "someone else's");
        f.delete(d);
        assertThat(objects().resolve("normal/1.png")).doesNotExist();
        assertThat(objects().resolve("mine.txt")).exists();
    }
}
