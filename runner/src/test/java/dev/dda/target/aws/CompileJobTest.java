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

    @BeforeEach
    void setUp() throws Exception {
        clients = AwsFixtures.clients(MotoServer.get().endpoint());
        handler = new CompileHandler(clients, TrainingJobTest.FAST);
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
    void apply_whenTensorFlowModel_passesArtifactsThroughWithoutAJob() throws Exception {
        context.outputs.put(Address.parse("training.tf"), Map.of("framework", "tensorflow", "account", "usecase",
                "modelArtifacts", "s3://o/models/training/tf-1/output/model.tar.gz"));
        Resource r = AwsFixtures.resource("compile.tf.x86_64-cpu", Map.of("training", "tf", "target", "x86_64-cpu"));

        ApplyOutcome done = handler.apply(plan(r, Optional.empty()), r, context);

        assertThat(done.outputs()).containsEntry("framework", "tensorflow")
                .containsEntry("modelArtifacts", "s3://o/models/training/tf-1/output/model.tar.gz");
    }
}
