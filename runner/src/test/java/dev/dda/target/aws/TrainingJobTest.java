package dev.dda.target.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.S3Uri;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.TargetException;
import dev.dda.testing.EngineKeys;
import dev.dda.train.SageMakerJob;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training jobs through the SageMaker fake (lifecycle, failures, faults) and through moto (create/describe). */
@ExtendWith(MotoServer.class)
class TrainingJobTest {
    static final Polling FAST = new Polling(Duration.ofMillis(5), Duration.ofMillis(20));
    private SageMakerFake fake;
    private AwsClients clients;
    private TrainingHandler handler;
    private final TestContext context = new TestContext();

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.put("output", new AwsConfig.BucketRef("usecase", "dda-alien-output"));
        AwsClients plain = AwsFixtures.clients(MotoServer.get().endpoint());
        fake = new SageMakerFake(MotoServer.get().endpoint(), plain.s3("portal"));
        clients = AwsFixtures.clients(MotoServer.get().endpoint(), Map.of("SAGEMAKER", fake.endpoint()));
        handler = new TrainingHandler(clients, FAST);
        context.outputs.put(Address.parse("labeling.alien"), Map.of("manifest", "s3://dda-alien-output/m/dda.manifest"));
        putManifest(plain.s3("usecase"), "dda-alien-output", "m/dda.manifest", "s3://dda-alien-bucket/datasets/alien/");
    }

    /** A labeling's DDA manifest: two images of each class under {@code images}. */
    static void putManifest(software.amazon.awssdk.services.s3.S3Client s3, String bucket, String key, String images) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            // created by an earlier test
        }
        List<DdaManifest.Entry> entries = new java.util.ArrayList<>();
        for (String c : List.of("normal", "anomaly")) {
            for (int i = 1; i <= 2; i++) {
                entries.add(new DdaManifest.Entry(S3Uri.parseObject(images + c + "/" + i + ".png"),
                        c.equals("normal") ? 0 : 1, c, 1.0, false, "2026-01-01T00:00:00", Optional.empty()));
            }
        }
        s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(
                new DdaManifest(entries).toJsonLines()));
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
        clients.close();
    }

    static Resource training(String name, Object algorithm, List<String> gates) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("labels", "alien");
        a.put("algorithm", algorithm);
        a.put("output", Map.of("bucket", "output", "prefix", "models/training/"));
        a.put("hyperparameters", Map.of("epochs", 30));
        a.put("gates", gates);
        a.put("instanceType", "ml.m5.xlarge");
        return AwsFixtures.resource("training." + name, a, "labeling.alien");
    }

    /** Planned as the engine would, under the content key the engine gives {@code r}. */
    private Change plan(Resource r, Optional<ResourceState> prior) throws Exception {
        context.digests.put(r.address(), EngineKeys.contentKey(r));
        Observation seen = handler.observe(r, prior, context);
        return handler.diff(r, seen, prior, context);
    }

    @Test
    void apply_whenKilledDuringJob_nextApplyObservesItByNameAndWaitsInsteadOfStartingAnother() throws Exception {
        Resource r = training("detector", "builtin", List.of("auroc >= 0.95"));
        String job = JobNames.of("detector", EngineKeys.contentKey(r));
        fake.script("detector-", new SageMakerFake.Script(4, false, null, Map.of("auroc", 0.97)));
        context.noWait = true; // the first run starts the job and is gone (killed) before it finishes
        ApplyOutcome started = handler.apply(plan(r, Optional.empty()), r, context);
        assertThat(started).isInstanceOf(ApplyOutcome.Pending.class);
        assertThat(context.intents).containsEntry(r.address(), job);

        context.noWait = false;
        ResourceState intent = new ResourceState(r.address(), ResourceState.Status.PENDING, "a1b2c3d4e5f6",
                r.attributes(), Map.of(), job, Instant.now());
        Change next = plan(r, Optional.of(intent));
        assertThat(next.action()).isEqualTo(Action.WAIT);
        ApplyOutcome done = handler.await(next, intent, context);

        assertThat(fake.calls("CreateTrainingJob")).isEqualTo(1);
        assertThat(done.outputs()).containsEntry("jobName", job)
                .containsEntry("metrics", Map.of("auroc", 0.97));
        assertThat((String) done.outputs().get("modelArtifacts"))
                .isEqualTo("s3://dda-alien-output/models/training/" + job + "/output/model.tar.gz");
        ResourceState applied = new ResourceState(r.address(), ResourceState.Status.APPLIED, "a1b2c3d4e5f6",
                r.attributes(), done.outputs(), job, Instant.now());
        assertThat(plan(r, Optional.of(applied)).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void apply_whenInterruptedInALongPause_leavesTheJobRunningAtOnceAndTheNextApplyWaitsForIt() throws Exception {
        Resource r = training("patient", "builtin", List.of("auroc >= 0.95"));
        String job = JobNames.of("patient", EngineKeys.contentKey(r));
        fake.script("patient-", new SageMakerFake.Script(3, false, null, Map.of("auroc", 0.97)));
        // a minute between looks, as on real AWS late in a long job: the interruption must not wait for it
        TrainingHandler patient = new TrainingHandler(clients, new Polling(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        Change change = plan(r, Optional.empty());
        ExecutorService applying = Executors.newSingleThreadExecutor();
        try {
            Future<ApplyOutcome> outcome = applying.submit(() -> patient.apply(change, r, context));
            while (fake.calls("DescribeTrainingJob") == 0) {
                Thread.sleep(10);
            }
            context.interrupted = true;

            ApplyOutcome left = outcome.get(5, TimeUnit.SECONDS);

            assertThat(left).isInstanceOf(ApplyOutcome.Pending.class);
            assertThat(((ApplyOutcome.Pending) left).jobRef()).isEqualTo(job);
        } finally {
            applying.shutdownNow();
        }
        context.interrupted = false;
        ResourceState started = new ResourceState(r.address(), ResourceState.Status.PENDING, "a1b2c3d4e5f6",
                r.attributes(), Map.of(), job, Instant.now());
        assertThat(handler.await(plan(r, Optional.of(started)), started, context).outputs())
                .containsEntry("jobName", job);
        assertThat(fake.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void apply_whenJobFails_reportsItsFailureReasonAndNextPlanRetriesUnderANewName() throws Exception {
        Resource r = training("broken", "builtin", List.of());
        String job = JobNames.of("broken", EngineKeys.contentKey(r));
        fake.script(job, new SageMakerFake.Script(1, true,
                "AlgorithmError: ClientError: no images under s3://dda-alien-bucket/datasets/alien/", Map.of()));

        assertThatThrownBy(() -> handler.apply(plan(r, Optional.empty()), r, context))
                .isInstanceOf(TargetException.class).hasMessageContaining("Failed")
                .hasMessageContaining("AlgorithmError: ClientError: no images");

        Change retry = plan(r, Optional.empty());
        assertThat(retry.action()).isEqualTo(Action.CREATE);
        assertThat(retry.reasons().get(0)).contains(job + " failed: AlgorithmError");
        fake.script(job + "-r2", new SageMakerFake.Script(0, false, null, Map.of("auroc", 0.99)));
        assertThat(handler.apply(retry, r, context).outputs()).containsEntry("jobName", job + "-r2");
    }

    @Test
    void apply_whenThrottledAndServerErrorsInjected_retriesAndConverges() throws Exception {
        Resource r = training("flaky", "builtin", List.of());
        fake.inject(1, SageMakerFake.error(400, "ThrottlingException", "Rate exceeded"));
        fake.inject(1, new JettyFake.Reply(503, "{\"__type\":\"ServiceUnavailable\",\"message\":\"busy\"}", Map.of()));

        ApplyOutcome done = handler.apply(plan(r, Optional.empty()), r, context);

        assertThat(done).isInstanceOf(ApplyOutcome.Done.class);
        assertThat(fake.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void apply_whenGateDoesNotHold_refusesNamingTheMetricAndTheNextPlanSaysSoBeforeApply() throws Exception {
        Resource r = training("weak", "builtin", List.of("auroc >= 0.95", "f1 >= 0.5"));
        fake.script("weak-", new SageMakerFake.Script(0, false, null, Map.of("auroc", 0.81)));
        Change first = plan(r, Optional.empty());
        assertThat(first.reasons()).contains("gate auroc >= 0.95 is checked when the job finishes");

        assertThatThrownBy(() -> handler.apply(first, r, context))
                .hasMessageContaining("gates do not hold: auroc 0.8100 (validation) >= 0.95: FAIL; f1 >= 0.5: the"
                        + " model reports no metric 'f1'; nothing downstream is deployed");

        // the same inputs find the same finished job: the plan shows its gates failing before anyone applies
        Change again = plan(r, Optional.empty());
        assertThat(again.action()).isEqualTo(Action.REUSE);
        assertThat(again.reasons()).contains("gate auroc 0.8100 (validation) >= 0.95: FAIL",
                "gate f1 >= 0.5: the model reports no metric 'f1'");
    }

    @Test
    void plan_whenOnlyAGateChanges_reJudgesTheFinishedJobInsteadOfTrainingAgain() throws Exception {
        Resource strict = training("judged", "builtin", List.of("auroc >= 0.95"));
        fake.script("judged-", new SageMakerFake.Script(0, false, null, Map.of("auroc", 0.9)));
        assertThatThrownBy(() -> handler.apply(plan(strict, Optional.empty()), strict, context))
                .hasMessageContaining("auroc 0.9000 (validation) >= 0.95: FAIL");

        Resource lenient = training("judged", "builtin", List.of("auroc >= 0.85"));
        Change next = plan(lenient, Optional.empty());

        assertThat(next.action()).isEqualTo(Action.REUSE);
        assertThat(next.reasons()).contains("gate auroc 0.9000 (validation) >= 0.85: pass");
        assertThat(handler.apply(next, lenient, context).outputs()).containsEntry("metrics", Map.of("auroc", 0.9));
        assertThat(fake.calls("CreateTrainingJob")).isEqualTo(1);
        Map<String, Object> bigger = new LinkedHashMap<>(lenient.attributes());
        bigger.put("instanceType", "ml.m5.2xlarge");
        Resource retrained = AwsFixtures.resource("training.judged", bigger, "labeling.alien");
        assertThat(plan(retrained, Optional.empty()).action()).isEqualTo(Action.CREATE);
    }

    @Test
    void plan_whenAGateIsTightenedAfterApply_judgesTheRecordedJobAgainAndApplyRefusesIt() throws Exception {
        Resource applied = training("tight", "builtin", List.of("auroc >= 0.95"));
        ApplyOutcome done = handler.apply(plan(applied, Optional.empty()), applied, context);
        ResourceState recorded = new ResourceState(applied.address(), ResourceState.Status.APPLIED, "d",
                applied.attributes(), done.outputs(), (String) done.outputs().get("jobName"), Instant.now());
        Change unchanged = plan(applied, Optional.of(recorded));
        assertThat(unchanged.action()).isEqualTo(Action.NOOP);
        // the finished job's metrics on both sides: the PR comment's gate table shows them, no diff does
        assertThat(unchanged.after()).containsEntry("metrics", Map.of("auroc", 0.97));
        assertThat(unchanged.before()).containsEntry("metrics", Map.of("auroc", 0.97));

        Resource tightened = training("tight", "builtin", List.of("auroc >= 0.99"));
        Change next = plan(tightened, Optional.of(recorded));

        assertThat(next.action()).isEqualTo(Action.REUSE);
        assertThat(next.reasons()).contains("gate auroc 0.9700 (validation) >= 0.99: FAIL");
        assertThatThrownBy(() -> handler.apply(next, tightened, context))
                .hasMessageContaining("gates do not hold: auroc 0.9700 (validation) >= 0.99: FAIL");
        assertThat(fake.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void apply_whenBuiltin_handsDdasContainerTheManifestAndImagesAsFilesAndReadsItsMetricLines() throws Exception {
        Resource r = training("files", "builtin", List.of());
        handler.apply(plan(r, Optional.empty()), r, context);
        String job = JobNames.of("files", EngineKeys.contentKey(r));
        com.fasterxml.jackson.databind.JsonNode req = fake.trainingRequest(job);

        com.fasterxml.jackson.databind.JsonNode channels = req.get("InputDataConfig");
        assertThat(channels).hasSize(2);
        assertThat(channels.get(0).get("ChannelName").asText()).isEqualTo(SageMakerJob.MANIFEST_CHANNEL);
        assertThat(channels.get(1).get("ChannelName").asText()).isEqualTo(SageMakerJob.IMAGES_CHANNEL);
        assertThat(channels.findValuesAsText("InputMode")).containsOnly("File");
        assertThat(channels.findValuesAsText("S3DataType")).containsOnly("S3Prefix");
        assertThat(channels.findValuesAsText("S3Uri")).containsExactly("s3://dda-alien-output/m/dda.manifest",
                "s3://dda-alien-bucket/datasets/alien/");
        assertThat(req.get("HyperParameters").get(SageMakerJob.IMAGES_PREFIX).asText())
                .isEqualTo("s3://dda-alien-bucket/datasets/alien/");
        assertThat(req.get("HyperParameters").get(SageMakerJob.MODEL_VERSION).asText()).isEqualTo(job);
        Map<String, String> regexes = new LinkedHashMap<>();
        req.at("/AlgorithmSpecification/MetricDefinitions")
                .forEach(m -> regexes.put(m.get("Name").asText(), m.get("Regex").asText()));
        java.util.regex.Matcher auroc = java.util.regex.Pattern.compile(regexes.get("auroc"))
                .matcher(SageMakerJob.metricLine("test_auroc", 0.5) + "\n" + SageMakerJob.metricLine("auroc", 0.97));
        assertThat(auroc.find()).isTrue();
        assertThat(auroc.group(1)).isEqualTo("0.970000");
        assertThat(regexes).containsKey("test_auroc");
    }

    @Test
    void apply_whenMarketplaceAlgorithm_channelAttributeNamesMatchHyperparametersInOrder() throws Exception {
        String arn = "arn:aws:sagemaker:us-east-1:865070037744:algorithm/computer-vision-defect-detection";
        Resource r = training("mkt", Map.of("marketplace", arn, "modelType", "segmentation"), List.of());

        handler.apply(plan(r, Optional.empty()), r, context);

        ObjectNode req = fake.trainingRequest(JobNames.of("mkt", EngineKeys.contentKey(r)));
        assertThat(req.get("AlgorithmSpecification").get("AlgorithmName").asText()).isEqualTo(arn);
        var source = req.get("InputDataConfig").get(0).get("DataSource").get("S3DataSource");
        assertThat(source.get("S3DataType").asText()).isEqualTo("AugmentedManifestFile");
        List<String> names = new java.util.ArrayList<>();
        source.get("AttributeNames").forEach(n -> names.add(n.asText()));
        assertThat(names).isEqualTo(TrainingHandler.SEGMENTATION_ATTRIBUTES);
        assertThat(req.get("HyperParameters").get("TrainingInputDataAttributeNames").asText())
                .isEqualTo(String.join(",", names));
        assertThat(req.get("HyperParameters").get("ModelType").asText()).isEqualTo("segmentation");
        assertThat(req.get("InputDataConfig").get(0).get("InputMode").asText()).isEqualTo("Pipe");
        assertThat(req.get("RoleArn").asText()).isEqualTo("arn:aws:iam::" + AwsFixtures.USECASE
                + ":role/DDASageMakerExecutionRole");
    }

    @Test
    void apply_whenTalkingToMotoDirectly_createsAndFindsTheJobInTheUseCaseAccount() throws Exception {
        try (AwsClients direct = AwsFixtures.clients(MotoServer.get().endpoint())) {
            TrainingHandler onMoto = new TrainingHandler(direct, FAST);
            Resource r = training("moto", Map.of("image", "123.dkr.ecr.us-east-1.amazonaws.com/dda-trainer:1"),
                    List.of());

            ApplyOutcome done = onMoto.apply(onMoto.diff(r, onMoto.observe(r, Optional.empty(), context),
                    Optional.empty(), context), r, context);

            assertThat((String) done.outputs().get("arn")).contains(":" + AwsFixtures.USECASE + ":training-job/moto-");
            assertThat(onMoto.observe(r, Optional.empty(), context).presence()).isEqualTo(Observation.Presence.PRESENT);
        }
    }
}
