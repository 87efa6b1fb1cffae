package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.TemplateEngine;
import dev.dda.state.Lease;
import dev.dda.state.LockHeldException;
import dev.dda.state.ResourceState;
import dev.dda.state.StaleStateException;
import dev.dda.state.State;
import dev.dda.target.ApplyOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(MotoServer.class)
class MotoDatasetStateLockTest {
    private AwsClients clients;
    private final TestContext context = new TestContext();
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.put("images", new AwsConfig.BucketRef("data", "dda-images-" + System.nanoTime()));
        clients = AwsFixtures.clients(MotoServer.get().endpoint());
        context.specDirectory = dir;
        String name = AwsFixtures.buckets.get("images").name();
        new BucketHandler(clients, TemplateEngine.create()).apply(
                new Change(Address.parse("bucket.images"), Action.CREATE, List.of(), Map.of(), Map.of(), java.util.Set.of(), "d"),
                AwsFixtures.resource("bucket.images", Map.of("account", "data", "name", name)), context);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private Resource dataset(boolean deletions) throws Exception {
        Map<String, Object> files = new TreeMap<>();
        for (Map.Entry<String, LocalFile> e : DatasetHandler.localFiles(AwsFixtures.resource("dataset.x",
                Map.of("source", "src")), dir).entrySet()) {
            files.put(e.getKey(), e.getValue().sha256());
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("bucket", "images");
        attrs.put("prefix", "datasets/alien");
        attrs.put("source", "src");
        attrs.put("files", files);
        attrs.put("deletions", deletions ? "delete" : "keep"); // the schema's values, as the spec gives them
        return AwsFixtures.resource("dataset.alien", attrs, "bucket.images");
    }

    private Change plan(DatasetHandler h, Resource r, boolean applied) throws Exception {
        Optional<ResourceState> prior = applied ? Optional.of(new ResourceState(r.address(),
                ResourceState.Status.APPLIED, "d", Map.of(), Map.of(), null, Instant.now())) : Optional.empty();
        return h.diff(r, h.observe(r, prior, context), prior, context);
    }

    @Test
    void apply_whenFilesChange_uploadsOnlyChangedOnesAndMultipartKeepsEtagComparable() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/normal"));
        Files.write(src.resolve("a.png"), new byte[] {1, 2, 3});
        Files.write(src.resolve("b.png"), new byte[] {4, 5, 6});
        byte[] big = new byte[9 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        DatasetHandler h = new DatasetHandler(clients);

        Resource r = dataset(false);
        ApplyOutcome first = h.apply(plan(h, r, false), r, context);
        assertThat(first.outputs()).containsEntry("uploaded", 3);
        assertThat(plan(h, r, true).action()).isEqualTo(Action.NOOP);

        Files.write(src.resolve("b.png"), new byte[] {9, 9});
        Resource changed = dataset(false);
        Change c = plan(h, changed, true);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons()).containsExactly("1 changed file(s) to upload");
        assertThat(h.apply(c, changed, context).outputs()).containsEntry("uploaded", 1);

        String bucket = AwsFixtures.buckets.get("images").name();
        assertThat(clients.s3("data").headObject(b -> b.bucket(bucket).key("datasets/alien/normal/big.bin"))
                .metadata()).containsKey(DatasetHandler.SHA_METADATA);
    }

    @Test
    void apply_whenASourceImageIsDamaged_uploadsNothingAndNamesTheSourceFile() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/normal"));
        Files.write(src.resolve("a.png"), new byte[] {1, 2, 3});
        Files.write(src.resolve("empty.png"), new byte[0]);
        DatasetHandler h = new DatasetHandler(clients);
        Resource r = dataset(false);

        assertThatThrownBy(() -> h.apply(plan(h, r, false), r, context))
                .hasMessageContaining("1 image is damaged, so nothing was synced")
                .hasMessageContaining(src.resolve("empty.png") + ": the image is empty (0 bytes)");
        String bucket = AwsFixtures.buckets.get("images").name();
        assertThat(clients.s3("data").listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void apply_whenObjectIsNotInSource_deletesItOnlyWhenSpecOptsIn() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("keep.png"), new byte[] {1});
        String bucket = AwsFixtures.buckets.get("images").name();
        S3Client s3 = clients.s3("data");
        s3.putObject(b -> b.bucket(bucket).key("datasets/alien/stale.png"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("old"));
        DatasetHandler h = new DatasetHandler(clients);

        Resource keep = dataset(false);
        h.apply(plan(h, keep, false), keep, context);
        assertThat(plan(h, keep, true).reasons()).anyMatch(s -> s.contains("are kept"));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(2);

        Resource delete = dataset(true);
        Change c = plan(h, delete, true);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        h.apply(c, delete, context);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                .containsExactly("datasets/alien/keep.png");
    }

    @Test
    void save_whenAnotherWriterMovedOn_refusesWithStaleState() throws Exception {
        S3StateStore store = new S3StateStore(clients.s3("portal"), "dda-state-" + System.nanoTime(), "s.json",
                "us-east-1");
        State s0 = State.empty("test-pipeline");
        Address a = Address.parse("bucket.images");
        State s1 = s0.with(new ResourceState(a, ResourceState.Status.APPLIED, "d1", Map.of("name", "x"),
                Map.of("arn", "arn:aws:s3:::x"), null, Instant.parse("2026-01-01T00:00:00Z")));
        store.save(s1);
        State s2 = s1.with(s1.get(a).orElseThrow());
        store.save(s2);

        assertThat(store.load()).contains(s2);
        assertThatThrownBy(() -> store.save(s1.with(s1.get(a).orElseThrow())))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("serial 2");
    }

    @Test
    void load_whenTheStateObjectWasDamaged_namesThePlaceAndTheBucketsEarlierVersions() throws Exception {
        String bucket = "dda-state-" + System.nanoTime();
        S3StateStore store = new S3StateStore(clients.s3("portal"), bucket, "s.json", "us-east-1");
        store.save(State.empty("test-pipeline").with(new ResourceState(Address.parse("bucket.images"),
                ResourceState.Status.APPLIED, "d1", Map.of("name", "x"), Map.of(), null, null)));
        clients.s3("portal").putObject(b -> b.bucket(bucket).key("s.json"), software.amazon.awssdk.core.sync
                .RequestBody.fromString("{\n  \"format_version\": 1,\n  \"serial\": \"two\"\n}"));

        assertThatThrownBy(store::load).hasMessageContaining("s3://" + bucket + "/s.json:3:13: /serial: string found,"
                        + " integer expected")
                .hasMessageContaining("aws s3api list-object-versions --bucket " + bucket + " --prefix s.json");
    }

        @Test
    void acquire_whenHeld_namesHolderAndOnlyForcedTakeoverTakesAnExpiredLease() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String table = "locks-" + System.nanoTime();
        DynamoDbLeaseLock ci = new DynamoDbLeaseLock(clients.dynamoDb("portal"), table, "p",
                Clock.fixed(t0, ZoneOffset.UTC), "ci");
        DynamoDbLeaseLock later = new DynamoDbLeaseLock(clients.dynamoDb("portal"), table, "p",
                Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC), "alice");

        Lease held = ci.acquire("apply", Duration.ofMinutes(30));

        assertThatThrownBy(() -> later.acquire("apply", Duration.ofMinutes(30)))
                .isInstanceOf(LockHeldException.class).hasMessageContaining("ci@").hasMessageContaining("apply");
        Lease taken = later.takeOver("apply", Duration.ofMinutes(30));
        assertThat(later.current()).contains(taken);
        ci.release(held); // the old holder's release must not remove the new lease
        assertThat(later.current()).contains(taken);
        later.release(taken);
        assertThat(later.current()).isEmpty();
    }
}
