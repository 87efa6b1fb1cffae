package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.TemplateEngine;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Accounts and buckets against an S3/IAM/STS emulator: moto here, LocalStack too where Docker exists. Each
 * subclass says where the emulator is.
 */
abstract class BucketContract {
    protected AwsClients clients;
    protected BucketHandler handler;
    protected final TestContext context = new TestContext();

    protected abstract URI endpoint() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        clients = AwsFixtures.clients(endpoint());
        handler = new BucketHandler(clients, TemplateEngine.create());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    static Resource bucket(String name, String account, String suffix) {
        return AwsFixtures.resource("bucket." + name, Map.of("account", account, "name", "dda-" + name + suffix,
                "tags", Map.of("team", "vision"),
                "grants", List.of(Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "read")),
                "cors", List.of(Map.of("allowedOrigins", List.of("https://portal.example.com"),
                        "allowedMethods", List.of("GET", "PUT"), "allowedHeaders", List.of("*"),
                        "maxAgeSeconds", 3000))), "account." + account);
    }

    ApplyOutcome converge(Resource r) throws Exception {
        Observation seen = handler.observe(r, Optional.empty(), context);
        Change c = handler.diff(r, seen, Optional.empty(), context);
        return handler.apply(c, r, context);
    }

    Change plan(Resource r) throws Exception {
        ResourceState prior = new ResourceState(r.address(), ResourceState.Status.APPLIED, "d", r.attributes(),
                Map.of(), null, Instant.now());
        return handler.diff(r, handler.observe(r, Optional.of(prior), context), Optional.of(prior), context);
    }

    @Test
    void apply_whenRolesAssumed_bucketsLandInTheirAccounts() throws Exception {
        String suffix = "-" + System.nanoTime();
        Resource data = bucket("data", "data", suffix);
        Resource output = bucket("output", "usecase", suffix);

        ApplyOutcome outcome = converge(data);
        converge(output);

        assertThat(outcome.outputs()).containsEntry("account", AwsFixtures.DATA);
        assertThat(names(clients.s3("data"))).contains("dda-data" + suffix).doesNotContain("dda-output" + suffix);
        assertThat(names(clients.s3("usecase"))).contains("dda-output" + suffix).doesNotContain("dda-data" + suffix);
        S3Client s3 = clients.s3("data");
        assertThat(s3.getBucketTagging(b -> b.bucket("dda-data" + suffix)).tagSet())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("dda-portal:managed=true"))
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("dda:commit=" + context.gitCommit()));
        String policy = s3.getBucketPolicy(b -> b.bucket("dda-data" + suffix)).policy();
        assertThat(policy).contains("arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDASageMakerExecutionRole")
                .contains("s3:GetObject").doesNotContain("s3:PutObject");
        assertThat(s3.getPublicAccessBlock(b -> b.bucket("dda-data" + suffix)).publicAccessBlockConfiguration()
                .blockPublicPolicy()).isTrue();
        assertThat(plan(data).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenTagsPolicyAndCorsDrift_updateNamesEachFieldAndApplyRepairs() throws Exception {
        String suffix = "-" + System.nanoTime();
        Resource data = bucket("data", "data", suffix);
        converge(data);
        String name = "dda-data" + suffix;
        S3Client s3 = clients.s3("data");
        s3.putBucketTagging(b -> b.bucket(name).tagging(t -> t.tagSet(tag -> tag.key("team").value("someone-else"))));
        s3.putBucketPolicy(b -> b.bucket(name).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + name + "/*\"}]}"));
        s3.putBucketCors(b -> b.bucket(name).corsConfiguration(c -> c.corsRules(r -> r.allowedOrigins("*")
                .allowedMethods("DELETE"))));

        Change drift = plan(data);

        assertThat(drift.action()).isEqualTo(Action.UPDATE);
        assertThat(drift.reasons()).anyMatch(r -> r.startsWith("tags:")).anyMatch(r -> r.startsWith("policy:"))
                .anyMatch(r -> r.startsWith("cors:")).hasSize(3);
        handler.apply(drift, data, context);
        assertThat(plan(data).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void apply_whenKmsWithOrWithoutABucketKey_setsItAndAChangeOfItIsPlanned() throws Exception {
        String suffix = "-" + System.nanoTime();
        String key = "arn:aws:kms:us-east-1:" + AwsFixtures.DATA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
        Resource withKey = encrypted(bucket("data", "data", suffix), Map.of("algorithm", "aws:kms", "kmsKeyId", key));
        Resource noBucketKey = encrypted(withKey, Map.of("algorithm", "aws:kms", "kmsKeyId", key, "bucketKey", false));
        String name = "dda-data" + suffix;
        S3Client s3 = clients.s3("data");

        converge(withKey);
        boolean defaultOn = s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules()
                .get(0).bucketKeyEnabled();
        Change off = plan(noBucketKey);
        handler.apply(off, noBucketKey, context);

        assertThat(defaultOn).isTrue();
        assertThat(off.action()).isEqualTo(Action.UPDATE);
        assertThat(off.reasons()).anyMatch(r -> r.startsWith("bucketKey:"));
        assertThat(s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules().get(0)
                .bucketKeyEnabled()).isFalse();
        assertThat(plan(noBucketKey).action()).isEqualTo(Action.NOOP);
    }

    private static Resource encrypted(Resource bucket, Map<String, Object> encryption) {
        Map<String, Object> attrs = new java.util.TreeMap<>(bucket.attributes());
        attrs.put("encryption", encryption);
        return new Resource(bucket.address(), attrs, bucket.dependsOn(), bucket.protect(), bucket.location());
    }

    @Test
    void delete_whenForceDestroy_deletesEveryVersionAndTheBucket() throws Exception {
        String suffix = "-" + System.nanoTime();
        Map<String, Object> attrs = new java.util.TreeMap<>(bucket("data", "data", suffix).attributes());
        attrs.put("forceDestroy", true);
        attrs.put("versioning", true);
        Resource data = new Resource(Address.parse("bucket.data"), attrs, java.util.Set.of(), false, null);
        ApplyOutcome made = converge(data);
        ResourceState recorded = new ResourceState(data.address(), ResourceState.Status.APPLIED, "d",
                data.attributes(), made.outputs(), null, Instant.now());
        S3Client s3 = clients.s3("data");
        String name = "dda-data" + suffix;
        for (String body : List.of("v1", "v2")) {
            s3.putObject(b -> b.bucket(name).key("images/1.png"), software.amazon.awssdk.core.sync.RequestBody
                    .fromString(body));
        }
        s3.putObject(b -> b.bucket(name).key("images/2.png"), software.amazon.awssdk.core.sync.RequestBody
                .fromString("png"));
        s3.deleteObject(b -> b.bucket(name).key("images/2.png")); // leaves a delete marker and a version

        handler.delete(recorded, context);

        assertThat(names(s3)).doesNotContain(name);
        assertThat(context.progress).contains("bucket.data: forceDestroy: deleted 4 object version(s) and delete"
                + " marker(s)");
    }

    @Test
    void delete_whenEmpty_removesTheBucketAndWhenNotRefusesSayingHowToEmptyIt() throws Exception {
        String suffix = "-" + System.nanoTime();
        Resource data = bucket("data", "data", suffix);
        ApplyOutcome made = converge(data);
        ResourceState recorded = new ResourceState(data.address(), ResourceState.Status.APPLIED, "d",
                data.attributes(), made.outputs(), null, Instant.now());
        S3Client s3 = clients.s3("data");
        String name = "dda-data" + suffix;
        s3.putObject(b -> b.bucket(name).key("images/1.png"), software.amazon.awssdk.core.sync.RequestBody
                .fromString("png"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.delete(recorded, context))
                .hasMessage("bucket " + name + " is not empty; dda does not delete data unless the bucket says"
                        + " forceDestroy: true: empty it first (aws s3 rm s3://" + name + " --recursive), then run again");
        s3.deleteObject(b -> b.bucket(name).key("images/1.png"));
        handler.delete(recorded, context);

        assertThat(names(s3)).doesNotContain(name);
        handler.delete(recorded, context); // already gone: nothing to do
    }

        @Test
    void observe_whenAccountHasRole_assumesItWithSessionNameOfPipelineAndCommit() throws Exception {
        AccountHandler accounts = new AccountHandler(clients);
        Resource r = AwsFixtures.resource("account.usecase", Map.of("id", AwsFixtures.USECASE));

        Observation seen = accounts.observe(r, Optional.empty(), context);

        assertThat(seen.attributes()).containsEntry("id", AwsFixtures.USECASE);
        assertThat((String) seen.attributes().get("principal"))
                .contains("assumed-role/DDAPortalAccessRole/dda-test-pipeline-abcdef12");
        assertThat(seen.attributes().toString()).doesNotContain("uc-external-id-1234");
    }

    private static List<String> names(S3Client s3) {
        return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
    }
}
