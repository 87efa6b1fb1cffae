package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.cli.Console;
import dev.dda.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The shipped AWS example applied, re-planned and destroyed through the real CLI: S3, STS, IoT, DynamoDB and
 * SageMaker's other calls on moto; training jobs (with metrics and a model.tar.gz) and GreengrassV2 through their
 * wire fakes. Only names change: the accounts to the fixtures', the buckets and the thing group to fresh ones.
 */
@ExtendWith(MotoServer.class)
class AwsApplyCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String DEVICE = "dda_edge_server_1";

    @TempDir
    Path dir;
    private final String suffix = Long.toString(System.nanoTime());
    private AwsClients plain;
    private GreengrassFake greengrass;
    private SageMakerFake sageMaker;
    private Path spec;
    private final Map<String, String> env = new HashMap<>(System.getenv());

    @BeforeEach
    void setUp() throws Exception {
        plain = AwsFixtures.clients(MotoServer.get().endpoint());
        IotClient iot = plain.iot("usecase");
        iot.createThing(b -> b.thingName(DEVICE));
        greengrass = new GreengrassFake(g -> new ArrayList<>(FleetHandler.things(iot, g)));
        greengrass.core(DEVICE, "amd64");
        sageMaker = new SageMakerFake(MotoServer.get().endpoint(), plain.s3("usecase"));
        sageMaker.models(job -> modelOf(job));
        spec = example();
        env.put("AWS_ENDPOINT_URL", MotoServer.get().endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SAGEMAKER", sageMaker.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_GREENGRASSV2", greengrass.endpoint().toString());
        env.put("USECASE_EXTERNAL_ID", "uc-external-id-1234");
        env.put("DATA_EXTERNAL_ID", "data-external-id-5678");
        env.put("DDA_POLL_INTERVAL", "0.01");
        env.put("DDA_ROOT", dir.resolve("root").toString());
        env.put("DDA_HOME", edgeBuild().toString());
        env.put("HOME", dir.resolve("home").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        greengrass.close();
        sageMaker.close();
        plain.close();
    }

    private static byte[] modelOf(String job) {
        try {
            return PackagingFixtures.modelTarGz("1", "weights of " + job);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path example() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("examples/pipelines"));
        Path file = pipelines.resolve("aliens-aws.yaml");
        Files.writeString(file, Files.readString(EXAMPLES.resolve("pipelines/aliens-aws.yaml"))
                .replace("164152369890", AwsFixtures.PORTAL).replace("198226511894", AwsFixtures.USECASE)
                .replace("814373574263", AwsFixtures.DATA)
                .replace("dda-alien-bucket", "dda-alien-bucket-" + suffix)
                .replace("dda-alien-output", "dda-alien-output-" + suffix)
                .replace("dda-state-" + AwsFixtures.PORTAL, "dda-state-" + suffix)
                .replace("thingGroup: dda-line-1", "thingGroup: dda-line-" + suffix));
        Files.createSymbolicLink(dir.resolve("examples/data"), EXAMPLES.resolve("data"));
        return file;
    }

    /** An edge service build as packaging reads it, and a local Maven repository with the arm64 native build. */
    private Path edgeBuild() throws Exception {
        Path home = dir.resolve("dda-home");
        Path target = Files.createDirectories(home.resolve("edge/target/lib"));
        Files.writeString(target.resolve("../dda-edge.jar").normalize(), "edge service jar");
        Files.writeString(target.resolve("jetty-server-12.jar"), "a library");
        Files.writeString(target.resolve("tensorflow-core-native-1.1.0-linux-x86_64.jar"), "x86 native build");
        Path arm = Files.createDirectories(dir.resolve("home/.m2/repository/org/tensorflow/tensorflow-core-native/1.1.0"));
        Files.writeString(arm.resolve("tensorflow-core-native-1.1.0-linux-arm64.jar"), "arm64 native build");
        return home;
    }

    private record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Run dda(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, env));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String groupArn() {
        return plain.iot("usecase").describeThingGroup(b -> b.thingGroupName("dda-line-" + suffix)).thingGroupArn();
    }

    private Run applied() {
        Run apply = dda("apply", "-f", spec.toString(), "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        return apply;
    }

    @Test
    void apply_whenNothingExistsYet_createsThePipelineAndAFreshPlanIsEmpty() throws Exception {
        Run plan = dda("plan", "-f", spec.toString());
        Run apply = applied();

        assertThat(plan.out()).contains("no deployment to the fleet's thing group yet")
                .doesNotContain("cannot deploy yet");
        assertThat(apply.out()).contains("Apply complete: 14 created.")
                .containsPattern("training.alien-defect-detector: alien-defect-detector-[0-9a-f]{8}: Completed");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
        String group = groupArn();
        JsonNode deployed = greengrass.deploymentsTo(group).get(0).get("components");
        assertThat(deployed.has("com.example.alien-defect-detector-x86_64-cpu")).as(deployed.toString()).isTrue();
        assertThat(deployed.has("com.example.alien-defect-detector-arm64-cpu")).isFalse();
        assertThat(deployed.has("dda.EdgeService")).isTrue();
        // the spec's edge: { port: 5000 } under the recipe's own key
        assertThat(deployed.get("dda.EdgeService").toString()).contains("\\\"Port\\\":5000")
                .doesNotContain("\\\"port\\\"");
        Run again = dda("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.all()).isZero();
        String state = plain.s3("portal").getObjectAsBytes(b -> b.bucket("dda-state-" + suffix)
                .key("dda/manufacturing-line-1/state.json")).asUtf8String();
        assertThat(apply.all() + again.all() + state).doesNotContain("uc-external-id-1234")
                .doesNotContain("data-external-id-5678");
    }

    @Test
    void apply_whenOnlySettingsChange_neitherRetrainsNorRedeploys() throws Exception {
        applied();
        String group = groupArn();
        int deployments = greengrass.deploymentsTo(group).size();
        Files.writeString(spec, Files.readString(spec)
                .replace("tags: { \"dda-portal:managed\": \"true\" }", "tags: { \"dda-portal:managed\": \"true\", team: vision }")
                .replace("gates: [ \"auroc >= 0.95\" ]", "gates: [ \"auroc >= 0.9\" ]"));
        env.put("USECASE_EXTERNAL_ID", "uc-external-id-rotated");

        Run plan = dda("plan", "-f", spec.toString(), "--detailed-exitcode");
        Run apply = applied();

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~     bucket.data", "Plan: 0 to create, 1 to update, 0 to delete, 1 to reuse. 12 unchanged.",
                        "gate auroc 0.9700 (validation) >= 0.9: pass")
                .containsOnlyOnce("team");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
        assertThat(greengrass.deploymentsTo(group)).hasSize(deployments);
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_whenAnImageLeavesTheSourceAndDeletionsIsDelete_deletesItsObject() throws Exception {
        Run plan = removeAnImageAndApply("    deletions: delete\n");

        assertThat(plan.out()).contains("1 object(s) not in the source will be deleted");
        String bucket = "dda-alien-bucket-" + suffix;
        assertThat(plain.s3("data").listObjectsV2(b -> b.bucket(bucket).prefix("datasets/alien/normal/")).contents())
                .extracting(o -> o.key()).hasSize(39).doesNotContain("datasets/alien/normal/1.png");
    }

    @Test
    void plan_whenAnImageLeavesTheSourceAndIsKept_saysTrainingStillReadsItOnce() throws Exception {
        Run plan = removeAnImageAndApply("");
        Run next = dda("plan", "-f", spec.toString());

        assertThat(plan.out()).contains("~     dataset.alien", "1 file(s) left the source since the last apply but stay"
                + " in the bucket (deletions: keep), so labeling and training still read them: normal/1.png");
        assertThat(next.out()).doesNotContain("dataset.alien");
        String bucket = "dda-alien-bucket-" + suffix;
        assertThat(plain.s3("data").listObjectsV2(b -> b.bucket(bucket).prefix("datasets/alien/normal/1.png"))
                .keyCount()).isEqualTo(1);
    }

    /**
     * Applies with a copy of the images as the dataset's source ({@code extra}: more dataset lines), removes
     * normal/1.png from it and applies again; returns the plan in between.
     */
    private Run removeAnImageAndApply(String extra) throws Exception {
        Path data = ownedData(extra);
        applied();
        Files.delete(data.resolve("normal/1.png"));
        Run plan = dda("plan", "-f", spec.toString());
        applied();
        return plan;
    }

    /** A copy of the example images the test may change, as the dataset's source, with {@code extra} spec lines. */
    private Path ownedData(String extra) throws Exception {
        Path data = dir.resolve("examples/owned-data");
        try (var files = Files.walk(EXAMPLES.resolve("data/aliens"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, data.resolve(EXAMPLES.resolve("data/aliens").relativize(f).toString()));
            }
        }
        Files.writeString(spec, Files.readString(spec)
                .replace("    source: ../data/aliens\n", "    source: ../owned-data\n" + extra));
        return data;
    }

    @Test
    void apply_whenTheFleetsLogSettingsChange_redeploysLogManagerWithThemOrWithoutIt() throws Exception {
        applied();
        String group = groupArn();
        JsonNode first = greengrass.deploymentsTo(group).get(0).get("components");
        Files.writeString(spec, Files.readString(spec).replace("    rollout: { canary: 1,",
                "    logs: { level: WARN }\n    rollout: { canary: 1,"));

        Run warn = applied();
        JsonNode second = latestDeployment(group);
        Files.writeString(spec, Files.readString(spec).replace("logs: { level: WARN }", "logs: { cloudwatch: false }"));
        applied();
        JsonNode third = latestDeployment(group);

        assertThat(first.get("aws.greengrass.LogManager").toString()).contains("\\\"minimumLogLevel\\\":\\\"INFO\\\"");
        assertThat(warn.out()).contains("deployment.line-1");
        assertThat(second.get("aws.greengrass.LogManager").toString())
                .contains("\\\"minimumLogLevel\\\":\\\"WARN\\\"").doesNotContain("\\\"INFO\\\"");
        assertThat(third.has("aws.greengrass.LogManager")).as(third.toString()).isFalse();
        assertThat(third.has("dda.EdgeService")).isTrue();
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    private JsonNode latestDeployment(String group) {
        return greengrass.deploymentsTo(group).stream().max(java.util.Comparator.comparingInt(d -> d.get("seq").asInt()))
                .orElseThrow().get("components");
    }

    @Test
    void apply_whenAGateIsTightened_judgesTheFinishedJobAgainAndStopsBeforeDeploying() throws Exception {
        applied();
        Files.writeString(spec, Files.readString(spec).replace("gates: [ \"auroc >= 0.95\" ]",
                "gates: [ \"auroc >= 0.99\" ]"));

        Run plan = dda("plan", "-f", spec.toString());
        Run apply = dda("apply", "-f", spec.toString(), "--auto-approve");

        assertThat(plan.out()).contains("reuse training.alien-defect-detector",
                "is judged again by the changed gates", "gate auroc 0.9700 (validation) >= 0.99: FAIL");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("gates do not hold: auroc 0.9700 (validation) >= 0.99: FAIL");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void destroy_whenTheFleetAndEdgeServiceAreNamed_removesThemAndWhatDependsOnThemOnly() throws Exception {
        applied();
        String group = groupArn();
        Run refused = dda("destroy", "-f", spec.toString(), "--auto-approve");

        Run destroy = dda("destroy", "-f", spec.toString(), "--auto-approve", "--target", "fleet.line-1",
                "--target", "component.dda.EdgeService");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refusing to destroy protected resources: bucket.data");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out()).contains("Destroy complete: 4 destroyed.");
        assertThat(destroy.out()).contains("published component versions stay in Greengrass");
        assertThat(greengrass.deploymentsTo(group).get(0).has("canceled")).isTrue();
        assertThat(plain.iot("usecase").listThingGroups(b -> b.namePrefixFilter("dda-line-" + suffix)).thingGroups())
                .isEmpty();
        Run plan = dda("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("reuse component.dda.EdgeService", "is already published and deployable",
                "+     fleet.line-1",
                "+     deployment.line-1", "Plan: 2 to create, 0 to update, 0 to delete, 2 to reuse. 10 unchanged.");
    }

    @Test
    void apply_whenThePollIntervalIsNotANumber_refusesBeforeTouchingAws() {
        env.put("DDA_POLL_INTERVAL", "5s");

        Run apply = dda("apply", "-f", spec.toString(), "--auto-approve");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("DDA_POLL_INTERVAL=5s is not a number of seconds between 0.001 and 3600");
        assertThat(sageMaker.calls("CreateTrainingJob")).isZero();
    }

    @Test
    void apply_withNoWait_leavesTheJobRunningAndTheNextApplyPicksItUp() throws Exception {
        sageMaker.script("alien-defect-detector-", new SageMakerFake.Script(4, false, null, Map.of("auroc", 0.97)));

        Run started = dda("apply", "-f", spec.toString(), "--auto-approve", "--no-wait");
        Run status = dda("status", "-f", spec.toString());
        Run plan = dda("plan", "-f", spec.toString());
        Run finished = applied();

        assertThat(started.exitCode()).as(started.all()).isZero();
        assertThat(started.out()).contains("Apply in progress: 9 created, 4 waiting, 1 still running.",
                "compile.alien-defect-detector.x86_64-cpu: waits: training.alien-defect-detector is still running");
        assertThat(status.out()).contains("training.alien-defect-detector", "alien-defect-detector-");
        assertThat(plan.out()).contains("<=    training.alien-defect-detector  (wait for running job)");
        assertThat(finished.out()).contains("Apply complete");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_ofASavedPlan_appliesItOnceAndTheFileHoldsNoSecret() throws Exception {
        Path planFile = dir.resolve("line-1.plan");
        Run plan = dda("plan", "-f", spec.toString(), "--out", planFile.toString());
        Run markdown = dda("plan", "-f", spec.toString(), "--format", "markdown");

        Run apply = dda("apply", planFile.toString(), "--auto-approve");
        Run stale = dda("apply", planFile.toString(), "--auto-approve");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(Files.readString(planFile) + markdown.out()).contains("training.alien-defect-detector")
                .doesNotContain("uc-external-id-1234").doesNotContain("data-external-id-5678");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains("run dda plan again");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void apply_whenTheNewModelFailsOnTheDevice_exits1AndTheNextApplyDeploysAgain() throws Exception {
        applied();
        Files.writeString(spec, Files.readString(spec).replace("seed: 7", "seed: 8"));
        greengrass.failOn(DEVICE, "com.example.alien-defect-detector-x86_64-cpu", "*");

        Run apply = dda("apply", "-f", spec.toString(), "--auto-approve");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("-/+   compile.alien-defect-detector.x86_64-cpu",
                "~     component.com.example.alien-defect-detector", "~     deployment.line-1",
                DEVICE + "=FAILED", "failed its Startup health gate", "Apply incomplete");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(2);
        Run plan = dda("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).contains("~     deployment.line-1", "was never recorded as done");
        greengrass.heal();
        assertThat(applied().out()).contains("Apply complete: 1 updated, 13 unchanged.");
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_whenADeploymentIsLeftRunning_theNextPlanWaitsForItInsteadOfDeployingAgain() throws Exception {
        applied();
        Files.writeString(spec, Files.readString(spec).replace("edge: { port: 5000 }", "edge: { port: 5001 }"));
        Run started = dda("apply", "-f", spec.toString(), "--auto-approve", "--no-wait");
        String group = groupArn();
        int deployments = greengrass.deploymentsTo(group).size();

        Run plan = dda("plan", "-f", spec.toString());
        Run finished = applied();

        assertThat(started.out()).contains("Apply in progress: 13 unchanged, 1 still running.");
        assertThat(plan.out()).contains("<=    deployment.line-1  (wait for running job)", "was left running");
        assertThat(finished.out()).contains("Apply complete: 1 waited for, 13 unchanged.");
        assertThat(greengrass.deploymentsTo(group)).hasSize(deployments);
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_withGroundTruthWorkers_labelsThroughAJobAndTrainsOnTheirLabels() throws Exception {
        Files.writeString(spec, Files.readString(spec).replace("    from: folders\n", "    from: groundtruth\n"
                + "    workteam: arn:aws:sagemaker:us-east-1:" + AwsFixtures.USECASE + ":workteam/private-crowd/line-1\n"
                + "    instructions: Mark a part anomalous when a limb is missing.\n"));
        sageMaker.script("alien-defect-labeling-", new SageMakerFake.Script(2, false, null, Map.of()));

        Run apply = applied();

        assertThat(apply.out()).contains("labeling.alien-defect-labeling", "Apply complete: 14 created.");
        assertThat(sageMaker.calls("CreateLabelingJob")).isEqualTo(1);
        String job = apply.out().replaceAll("(?s).*started job (alien-defect-labeling-[0-9a-f]+).*", "$1");
        assertThat(sageMaker.labelingRequest(job).at("/HumanTaskConfig/WorkteamArn").asText())
                .endsWith(":workteam/private-crowd/line-1");
        String training = apply.out().replaceAll("(?s).*started job (alien-defect-detector-[0-9a-f]+).*", "$1");
        assertThat(sageMaker.trainingRequest(training).at("/InputDataConfig/0/DataSource/S3DataSource/S3Uri").asText())
                .endsWith("/labeled/" + job + "/manifests/output/output-dda.manifest");
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void planRefreshOnly_whenChangedOutsideDda_reportsTheDriftAndTheNextApplyRepairsIt() throws Exception {
        applied();
        String bucket = "dda-alien-output-" + suffix;
        plain.s3("usecase").putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("owner").value("someone-else").build())));
        plain.iot("usecase").deleteThingGroup(b -> b.thingGroupName("dda-line-" + suffix));

        Run drift = dda("plan", "-f", spec.toString(), "--refresh-only", "--detailed-exitcode");
        Run repair = applied();

        assertThat(drift.exitCode()).as(drift.all()).isEqualTo(2);
        assertThat(drift.out()).contains("~     bucket.output", "changed outside dda: tags: {owner=someone-else}",
                "-     fleet.line-1", "deleted outside dda", "Drift: 2 resources changed outside dda");
        assertThat(repair.out()).contains("Apply complete: 1 created, 1 updated, 12 unchanged.");
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_whenItDiesWhileWaitingForTraining_theNextApplyFindsTheJobByItsIntent() throws Exception {
        sageMaker.script("alien-defect-detector-", new SageMakerFake.Script(3, false, null, Map.of("auroc", 0.97)));
        sageMaker.failDescribes(1000);

        Run died = dda("apply", "-f", spec.toString(), "--auto-approve");
        sageMaker.failDescribes(0);
        Run plan = dda("plan", "-f", spec.toString());
        Run resumed = applied();

        assertThat(died.exitCode()).isEqualTo(1);
        assertThat(plan.out()).contains("<=    training.alien-defect-detector  (wait for running job)");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
        assertThat(dda("plan", "-f", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void apply_whenSageMakerFailsForAFewPolls_waitsThroughIt() throws Exception {
        sageMaker.script("alien-defect-detector-", new SageMakerFake.Script(3, false, null, Map.of("auroc", 0.97)));
        sageMaker.failDescribes(8); // two whole polls (the SDK tries each three times), then two more 500s

        Run apply = applied();

        assertThat(apply.out()).contains("Apply complete: 14 created.");
        assertThat(sageMaker.calls("CreateTrainingJob")).isEqualTo(1);
    }

    @Test
    void apply_whenTheDeviceIsArm64_deploysTheArm64BuildOfTheModel() throws Exception {
        greengrass.core(DEVICE, "aarch64");

        applied();

        JsonNode deployed = greengrass.deploymentsTo(groupArn()).get(0).get("components");
        assertThat(deployed.has("com.example.alien-defect-detector-arm64-cpu")).as(deployed.toString()).isTrue();
        assertThat(deployed.has("com.example.alien-defect-detector-x86_64-cpu")).isFalse();
    }

    @Test
    void stateRm_forgetsAResourceInTheS3StateAndTheNextApplyAdoptsItWithoutRecreatingIt() throws Exception {
        applied();

        Run rm = dda("state", "rm", "-f", spec.toString(), "bucket.output");
        Run plan = dda("plan", "-f", spec.toString());
        Run apply = applied();

        assertThat(rm.exitCode()).as(rm.all()).isZero();
        assertThat(rm.out()).contains("Removing bucket.output: it is still in the spec",
                "recorded as needed by", "training.alien-defect-detector");
        assertThat(plan.out()).contains("bucket.output", "adopting it into state");
        assertThat(apply.out()).contains("1 updated").doesNotContain("bucket.output: creating");
        assertThat(dda("state", "list", "-f", spec.toString()).out()).contains("bucket.output");
    }

    @Test
    void bootstrapPortal_printsThePolicyOfTheIdentityThatRunsDdaWithoutCallingAws() throws Exception {
        Run b = dda("bootstrap", "--account", "portal", "-f", spec.toString());

        assertThat(b.exitCode()).as(b.all()).isZero();
        assertThat(b.out()).contains("attach this policy", "\"sts:AssumeRole\"",
                "arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDAPortalAccessRole",
                "arn:aws:iam::" + AwsFixtures.DATA + ":role/DDAPortalDataAccessRole",
                "arn:aws:s3:::dda-state-" + suffix, ":table/dda-locks")
                .doesNotContain("uc-external-id-1234").doesNotContain("data-external-id-5678");
        assertThat(plain.iam(null).listRoles().roles()).noneMatch(r -> r.roleName().startsWith("DDA"));
    }
}
