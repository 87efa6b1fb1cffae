package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.TemplateEngine;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Labels from folders (no Ground Truth) and a Ground Truth job through the SageMaker fake. */
@ExtendWith(MotoServer.class)
class LabelingTest {
    private SageMakerFake fake;
    private AwsClients clients;
    private LabelingHandler handler;
    private final TestContext context = new TestContext();
    // bucket names that start with 's' and '3': the DDA portal's URI "normalization" cut their first letters
    private final String dataBucket = "3dprint-images-" + System.nanoTime();
    private final String outBucket = "sagemaker-dda-out-" + System.nanoTime();

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.clear();
        AwsFixtures.buckets.put("images", new AwsConfig.BucketRef("data", dataBucket));
        AwsFixtures.buckets.put("output", new AwsConfig.BucketRef("usecase", outBucket));
        AwsClients plain = AwsFixtures.clients(MotoServer.get().endpoint());
        fake = new SageMakerFake(MotoServer.get().endpoint(), plain.s3("usecase"));
        clients = AwsFixtures.clients(MotoServer.get().endpoint(), Map.of("SAGEMAKER", fake.endpoint()));
        handler = new LabelingHandler(clients, TrainingJobTest.FAST, TemplateEngine.create());
        S3Client data = clients.s3("data");
        data.createBucket(b -> b.bucket(dataBucket));
        clients.s3("usecase").createBucket(b -> b.bucket(outBucket));
        for (String k : List.of("normal/1.png", "normal/2.png", "anomaly/3.png", "README.txt")) {
            data.putObject(b -> b.bucket(dataBucket).key("datasets/alien/" + k), RequestBody.fromString(k));
        }
        context.outputs.put(Address.parse("dataset.alien"), Map.of("bucket", dataBucket, "prefix", "datasets/alien/",
                "account", "data"));
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
        clients.close();
        AwsFixtures.buckets.clear();
    }

    private static Resource labeling(String from, String workteam) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dataset", "alien");
        a.put("task", "classification");
        a.put("from", from);
        a.put("labels", List.of("normal", "anomaly"));
        if (workteam != null) {
            a.put("workteam", workteam);
        }
        return AwsFixtures.resource("labeling.alien-labels", a, "dataset.alien");
    }

    private Change plan(Resource r, Optional<ResourceState> prior) throws Exception {
        return handler.diff(r, handler.observe(r, prior, context), prior, context);
    }

    private DdaManifest read(String uri) throws Exception {
        URI u = URI.create(uri);
        String text = clients.s3("usecase").getObjectAsBytes(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)))
                .asUtf8String();
        return DdaManifest.parse(uri, text);
    }

    @Test
    void apply_whenFromFolders_writesValidatedDdaManifestWithoutGroundTruth() throws Exception {
        Resource r = labeling("folders", null);

        ApplyOutcome done = handler.apply(plan(r, Optional.empty()), r, context);

        DdaManifest m = read((String) done.outputs().get("manifest"));
        assertThat(m.countsByLabel()).containsEntry(0, 2L).containsEntry(1, 1L);
        assertThat(m.entries()).allSatisfy(e -> assertThat(e.sourceRef().bucket()).isEqualTo(dataBucket));
        assertThat((String) done.outputs().get("manifest")).startsWith("s3://" + outBucket + "/manifests/");
        ResourceState applied = new ResourceState(r.address(), ResourceState.Status.APPLIED, "d", r.attributes(),
                done.outputs(), null, Instant.now());
        assertThat(plan(r, Optional.of(applied)).action()).isEqualTo(Action.NOOP);
        assertThat(fake.calls("CreateLabelingJob")).isZero();
    }

    @Test
    void apply_whenGroundTruth_createsRegionCorrectJobAndTransformsItsOutput() throws Exception {
        String workteam = "arn:aws:sagemaker:us-east-1:" + AwsFixtures.USECASE + ":workteam/private-crowd/line-1";
        Resource r = labeling("groundtruth", workteam);
        fake.script("alien-labels-", new SageMakerFake.Script(2, false, null, Map.of()));

        Change c = plan(r, Optional.empty());
        ApplyOutcome done = handler.apply(c, r, context);

        assertThat(c.action()).isEqualTo(Action.CREATE);
        ObjectNode req = fake.labelingRequest((String) done.outputs().get("jobName"));
        var task = req.get("HumanTaskConfig");
        assertThat(task.get("PreHumanTaskLambdaArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:432418664414:function:PRE-ImageMultiClass");
        assertThat(task.get("AnnotationConsolidationConfig").get("AnnotationConsolidationLambdaArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:432418664414:function:ACS-ImageMultiClass");
        assertThat(task.get("WorkteamArn").asText()).isEqualTo(workteam);
        assertThat(req.get("LabelAttributeName").asText()).isEqualTo("class");
        assertThat(req.get("LabelCategoryConfigS3Uri").asText()).startsWith("s3://" + outBucket + "/manifests/");
        String ui = clients.s3("usecase").getObjectAsBytes(b -> b.bucket(outBucket)
                .key("ui-templates/" + done.outputs().get("jobName") + ".liquid")).asUtf8String();
        assertThat(ui).contains("crowd-image-classifier").contains("grant_read_access")
                .contains("[&quot;normal&quot;,&quot;anomaly&quot;]");
        DdaManifest m = read((String) done.outputs().get("manifest"));
        assertThat(m.countsByLabel()).containsEntry(0, 2L).containsEntry(1, 1L);
        assertThat(m.entries()).allSatisfy(e -> assertThat(e.sourceRef().toString()).startsWith("s3://" + dataBucket + "/"));
        assertThat(fake.calls("CreateLabelingJob")).isEqualTo(1);
    }
}
