package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Neo compilation on moto for the Marketplace model; pass-through for dda's TensorFlow models. */
@ExtendWith(MotoServer.class)
class CompileJobTest {
    private AwsClients clients;
    private CompileHandler handler;
    private final TestContext context = new TestContext();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.put("output", new AwsConfig.BucketRef("usecase", PackagingFixtures.OUTPUT));
        clients = AwsFixtures.clients(MotoServer.get().endpoint());
        handler = new CompileHandler(clients, TrainingJobTest.FAST, PackagingFixtures.artifacts(clients, dir));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private Change plan(Resource r, Optional<ResourceState> prior) throws Exception {
        return handler.diff(r, handler.observe(r, prior, context), prior, context);
    }

    @Test
    void apply_whenMarketplaceModel_runsNeoJobInTrainingAccountAndReusesItByName() throws Exception {
        context.outputs.put(Address.parse("training.det"), Map.of("framework", "pytorch", "account", "usecase",
                "modelArtifacts", "s3://dda-alien-output/models/training/det-1234/output/model.tar.gz"));
        Resource r = AwsFixtures.resource("compile.det.arm64-cpu", Map.of("training", "det", "target", "arm64-cpu"),
                "training.det");
        context.digests.put(r.address(), "9876543210ab");

        Change first = plan(r, Optional.empty());
        ApplyOutcome done = handler.apply(first, r, context);

        assertThat(first.action()).isEqualTo(Action.CREATE);
        assertThat(done.outputs()).containsEntry("jobName", "det-arm64-cpu-98765432");
        assertThat((String) done.outputs().get("arn")).contains(":" + AwsFixtures.USECASE + ":compilation-job/");
        ResourceState applied = new ResourceState(r.address(), ResourceState.Status.APPLIED, "x", r.attributes(),
                done.outputs(), "det-arm64-cpu-98765432", Instant.now());
        assertThat(plan(r, Optional.of(applied)).action()).isEqualTo(Action.NOOP);
        assertThat(plan(r, Optional.empty()).action()).isEqualTo(Action.REUSE);
    }

    @Test
    void apply_whenTensorFlowModel_uploadsTheLocalTargetsZipContentAddressedAndReusesIt() throws Exception {
        byte[] model = PackagingFixtures.modelTarGz("v1", "weights-1");
        String source = PackagingFixtures.putModel(clients.s3("usecase"), "tf-1", model);
        context.outputs.put(Address.parse("training.tf"), PackagingFixtures.trained(source));
        Resource r = AwsFixtures.resource("compile.tf.x86_64-cpu", Map.of("training", "tf", "target", "x86_64-cpu"),
                "training.tf");

        Change first = plan(r, Optional.empty());
        ApplyOutcome done = handler.apply(first, r, context);

        // the same bytes the local target makes from the same package
        java.nio.file.Path unpacked = dir.resolve("local");
        ModelArtifacts.untarGz(new java.io.ByteArrayInputStream(model), unpacked);
        String local = dev.dda.packaging.ModelPackage.pack(unpacked.resolve("det/v1"), dir.resolve("pkg"),
                dir.resolve("local.zip")).sha256();
        assertThat(first.action()).isEqualTo(Action.CREATE);
        assertThat(done.outputs()).containsEntry("sha256", local).containsEntry("modelName", "det")
                .containsEntry("modelVersion", "v1").containsEntry("anomalyThreshold", 0.42)
                .containsEntry("uri", "s3://" + PackagingFixtures.OUTPUT + "/models/training/components/"
                        + "tf-x86_64-cpu/" + local + "/tf-x86_64-cpu.zip")
                .containsEntry("nativeClassifier", "linux-x86_64").containsEntry("source", source);
        ResourceState applied = new ResourceState(r.address(), ResourceState.Status.APPLIED, "x", r.attributes(),
                done.outputs(), null, Instant.now());
        assertThat(plan(r, Optional.of(applied)).action()).isEqualTo(Action.NOOP);
        assertThat(handler.apply(first, r, context).outputs()).isEqualTo(done.outputs());
        assertThat(context.progress).anyMatch(p -> p.contains("already on S3"));
    }

    @Test
    void apply_whenTheArchiveHoldsNoModelPackage_saysWhatIsExpected() throws Exception {
        java.io.ByteArrayOutputStream empty = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(empty))) {
            tar.finish();
        }
        String source = PackagingFixtures.putModel(clients.s3("usecase"), "tf-empty", empty.toByteArray());
        context.outputs.put(Address.parse("training.tf"), PackagingFixtures.trained(source));
        Resource r = AwsFixtures.resource("compile.tf.x86_64-cpu", Map.of("training", "tf", "target", "x86_64-cpu"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.apply(plan(r, Optional.empty()), r, context))
                .hasMessageContaining("no model packages").hasMessageContaining("manifest.json and saved_model/");
    }
}
