package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.spec.Secret;
import dev.dda.target.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketHandlerTest {
    @TempDir
    Path tmp;
    LocalFixture f;
    Resource account;
    Resource bucket;

    @BeforeEach
    void setUp() {
        f = new LocalFixture(tmp.resolve("root"), tmp);
        Map<String, Object> acct = new LinkedHashMap<>(Map.of("id", "000000000000", "role", "DDAPortalAccessRole",
                "externalId", new Secret("${env:X}", "very-secret-external-id")));
        f.section("accounts").put("local", acct);
        account = f.resource("account.local", acct);
        bucket = bucket(Map.of("dda-portal:managed", "true"), false);
    }

    private Resource bucket(Map<String, Object> tags, boolean forceDestroy) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("account", "local");
        attrs.put("name", "dda-alien-bucket");
        attrs.put("tags", tags);
        attrs.put("grants", List.of(Map.of("role", "local/DDASageMakerExecutionRole", "access", "read")));
        attrs.put("publicAccessBlock", true);
        attrs.put("forceDestroy", forceDestroy);
        f.section("buckets").put("data", Map.of("account", "local", "name", "dda-alien-bucket"));
        return f.resource("bucket.data", attrs, "account.local");
    }

    private Path bucketDir() {
        return tmp.resolve("root/accounts/000000000000/buckets/dda-alien-bucket");
    }

    @Test
    void plan_whenBucketMissing_createsWithReason() throws Exception {
        f.apply(account);
        Change c = f.plan(bucket);
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons()).containsExactly("bucket dda-alien-bucket does not exist yet");
        assertThat(c.after()).containsEntry("tags", Map.of("dda-portal:managed", "true"));
    }

    @Test
    void apply_whenCreated_writesFolderMetadataAndOutputs() throws Exception {
        f.apply(account);
        var out = f.apply(bucket).outputs();
        assertThat(bucketDir().resolve("objects")).isDirectory();
        Map<String, Object> meta = LocalFiles.readJsonObject(bucketDir().resolve(".bucket.json"));
        assertThat(meta).containsEntry("name", "dda-alien-bucket").containsEntry("publicAccessBlock", true)
                .containsEntry("encryption", Map.of("algorithm", "AES256")).containsEntry("versioning", false);
        assertThat(meta.get("policy").toString())
                .contains("arn:aws:iam::000000000000:role/DDASageMakerExecutionRole", "s3:GetObject")
                .doesNotContain("s3:PutObject");
        assertThat(out).containsEntry("uri", "s3://dda-alien-bucket/").containsEntry("accountId", "000000000000");
        assertThat(f.plan(bucket).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void account_neverWritesTheExternalId() throws Exception {
        f.apply(account);
        String written = Files.readString(tmp.resolve("root/accounts/000000000000/.account.json"));
        assertThat(written).contains("DDAPortalAccessRole").doesNotContain("very-secret-external-id")
                .doesNotContain("externalId");
        assertThat(f.plan(account).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenMetadataEditedOutsideDda_updatesNamingTheField() throws Exception {
        f.apply(account);
        f.apply(bucket);
        Path meta = bucketDir().resolve(".bucket.json");
        Files.writeString(meta, Files.readString(meta).replace("\"dda-portal:managed\" : \"true\"", "")
                .replace("\"versioning\" : false", "\"versioning\" : true"));
        Change c = f.plan(bucket);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons()).containsExactly(
                "tags.dda-portal:managed: (absent) → \"true\" (changed outside dda)",
                "versioning: true → false (changed outside dda)");
        f.apply(bucket);
        assertThat(f.plan(bucket).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenSpecChangesTags_updatesWithoutDriftNote() throws Exception {
        f.apply(account);
        f.apply(bucket);
        Resource changed = bucket(Map.of("dda-portal:managed", "true", "team", "vision"), false);
        assertThat(f.plan(changed).reasons()).containsExactly("tags.team: (absent) → \"vision\"");
    }

    @Test
    void plan_whenMetadataFileBroken_updatesAndRepairs() throws Exception {
        f.apply(account);
        f.apply(bucket);
        Files.writeString(bucketDir().resolve(".bucket.json"), "{ not json");
        Change c = f.plan(bucket);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons().get(0)).contains(".bucket.json is not valid JSON");
        f.apply(bucket);
        assertThat(f.plan(bucket).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenFolderDeletedOutsideDda_recreates() throws Exception {
        f.apply(account);
        f.apply(bucket);
        LocalFiles.deleteRecursively(bucketDir());
        Change c = f.plan(bucket);
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons().get(0)).contains("was deleted outside dda");
        f.apply(bucket);
        assertThat(bucketDir().resolve(".bucket.json")).isRegularFile();
    }

    @Test
    void delete_whenBucketHoldsObjects_refusesUnlessForceDestroy() throws Exception {
        f.apply(account);
        f.apply(bucket);
        Files.createDirectories(bucketDir().resolve("objects/a"));
        Files.writeString(bucketDir().resolve("objects/a/1.png"), "x");
        assertThatThrownBy(() -> f.delete(bucket)).isInstanceOf(TargetException.class)
                .hasMessageContaining("is not empty (e.g. a/1.png)").hasMessageContaining("forceDestroy: true");
        assertThat(bucketDir()).isDirectory();

        Resource forced = bucket(Map.of("dda-portal:managed", "true"), true);
        f.apply(forced);
        assertThat(f.handler(bucket).deleteConsequences(f.prior(bucket).orElseThrow()))
                .containsExactly("forceDestroy: every object in the bucket is deleted with it, old versions included");
        f.delete(forced);
        assertThat(bucketDir()).doesNotExist();
    }

    @Test
    void delete_account_refusedWhileItHoldsBuckets() throws Exception {
        f.apply(account);
        f.apply(bucket);
        assertThatThrownBy(() -> f.delete(account)).hasMessageContaining("still holds buckets [dda-alien-bucket]");
    }
}
