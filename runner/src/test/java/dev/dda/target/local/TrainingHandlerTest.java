package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.testing.EngineKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHandlerTest {
    @TempDir
    Path root;
    private final AtomicInteger runs = new AtomicInteger();
    private double testAuroc = 0.97;
    private TrainingHandler handler;
    private FakeContext context;

    @BeforeEach
    void setUp() throws Exception {
        handler = new TrainingHandler(root, this::fakeTrain, uri -> Optional.empty());
        context = new FakeContext().digest("labeling.labels", 'a');
        Path manifest = Files.writeString(root.resolve("labels.jsonl"), "{}\n");
        context.outputs.put(Address.parse("labeling.labels"), Map.of("ddaManifest", manifest.toString()));
    }

    /** Writes a model package manifest the way the trainer does, without TensorFlow. */
    private void fakeTrain(Path manifest, Map<String, Object> hp, String name, String version, String commit, Path out,
                           java.util.function.Consumer<String> progress) throws Exception {
        runs.incrementAndGet();
        progress.accept("epoch 1/1 loss 0.1");
        Files.createDirectories(out.resolve("saved_model"));
        Files.writeString(out.resolve("saved_model/saved_model.pb"), "pb" + hp);
        new ObjectMapper().writeValue(out.resolve("manifest.json").toFile(), Map.of("name", name, "version", version,
                "anomalyThreshold", 0.42, "metrics", Map.of("auroc", 0.99, "test_auroc", testAuroc)));
    }

    private static Resource training(double learningRate, String gate) {
        return new Resource(Address.parse("training.detector"), Map.of("labels", "labels", "algorithm", "builtin",
                "hyperparameters", Map.of("method", "cnn", "epochs", 3, "learningRate", learningRate), "gates", List.of(gate),
                "output", Map.of("bucket", "output", "prefix", "training/")),
                Set.of(Address.parse("labeling.labels")), false, null);
    }

    /** Planned as the engine would, under the content key the engine gives {@code r}. */
    private Change plan(Resource r, Optional<ResourceState> prior) throws Exception {
        context.digests.put(r.address(), EngineKeys.contentKey(r));
        Observation seen = handler.observe(r, prior, context);
        return handler.diff(r, seen, prior, context);
    }

    @Test
    void apply_whenNewJob_trainsOnceAndRecordsMetricsAndGates() throws Exception {
        Resource r = training(0.001, "auroc >= 0.95");
        Change c = plan(r, Optional.empty());
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons()).anyMatch(s -> s.startsWith("new training job detector-"))
                .anyMatch(s -> s.contains("gate auroc >= 0.95 is checked when the job finishes"));

        ApplyOutcome out = handler.apply(c, r, context);

        assertThat(runs).hasValue(1);
        assertThat(out.outputs()).containsEntry("gatesPassed", true).containsEntry("anomalyThreshold", 0.42);
        assertThat(context.intents).containsKey(r.address());
        assertThat(context.progress).anyMatch(s -> s.contains("gate auroc 0.9700 (test) >= 0.95: pass"));
    }

    @Test
    void diff_whenTheSpecAsksForWhatOnlySageMakerRuns_saysTheBuiltinTrainerStandsIn() throws Exception {
        Map<String, Object> a = new java.util.HashMap<>(training(0.001, "auroc >= 0.95").attributes());
        a.put("algorithm", Map.of("marketplace", "arn:aws:sagemaker:us-east-1:123456789012:algorithm/dda"));
        a.put("modelType", "segmentation");
        Resource r = new Resource(Address.parse("training.detector"), a, Set.of(Address.parse("labeling.labels")),
                false, null);

        Change c = plan(r, Optional.empty());

        assertThat(c.reasons()).contains(
                "algorithm: a Marketplace algorithm runs on target aws only; here dda's builtin trainer stands in",
                "modelType segmentation: here the builtin trainer builds a classifier whose heat map boxes defects;"
                        + " a segmentation model needs target aws");
        assertThat(plan(training(0.001, "auroc >= 0.95"), Optional.empty()).reasons())
                .noneMatch(s -> s.contains("stands in") || s.contains("segmentation"));
    }

    @Test
    void diff_whenSameInputsFinishedBefore_reusesWithoutRetrainingAndOnceRecordedChangesNothing() throws Exception {
        Resource r = training(0.001, "auroc >= 0.95");
        ApplyOutcome out = handler.apply(plan(r, Optional.empty()), r, context);
        ResourceState prior = applied(r, out);

        Change recorded = plan(r, Optional.of(prior));
        Change unrecorded = plan(r, Optional.empty()); // the state lost it, or another pipeline ran the same job

        assertThat(recorded.action()).isEqualTo(Action.NOOP);
        // the job's metrics ride along for the PR comment's gate table, on both sides alike
        assertThat(recorded.after()).containsKey("metrics");
        assertThat(recorded.before().get("metrics")).isEqualTo(recorded.after().get("metrics"));
        assertThat(unrecorded.action()).isEqualTo(Action.REUSE);
        assertThat(unrecorded.reasons().get(0)).contains("already finished with these exact inputs");
        handler.apply(unrecorded, r, context);
        assertThat(runs).hasValue(1);
    }

    @Test
    void diff_whenHyperparameterChanged_plansNewJobSayingWhy() throws Exception {
        Resource r = training(0.001, "auroc >= 0.95");
        ResourceState prior = applied(r, handler.apply(plan(r, Optional.empty()), r, context));

        Change c = plan(training(0.002, "auroc >= 0.95"), Optional.of(prior));

        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons()).contains("hyperparameters.learningRate 0.001 → 0.002 forces a new training job");
    }

    @Test
    void diff_whenOnlyTheGateChanged_rejudgesTheFinishedJob() throws Exception {
        Resource r = training(0.001, "auroc >= 0.95");
        ResourceState prior = applied(r, handler.apply(plan(r, Optional.empty()), r, context));

        Change c = plan(training(0.001, "auroc >= 0.99"), Optional.of(prior));

        assertThat(c.action()).isEqualTo(Action.REUSE);
        assertThat(c.reasons()).contains("gate auroc 0.9700 (test) >= 0.99: FAIL");
    }

    @Test
    void apply_whenGateFails_recordsItAndBlocksCompileNamingTheMetric() throws Exception {
        testAuroc = 0.80;
        Resource r = training(0.001, "auroc >= 0.95");
        ApplyOutcome out = handler.apply(plan(r, Optional.empty()), r, context);
        assertThat(out.outputs()).containsEntry("gatesPassed", false);
        context.outputs.put(r.address(), out.outputs());

        Resource compile = new Resource(Address.parse("compile.detector.x86_64-cpu"),
                Map.of("training", "detector", "target", "x86_64-cpu"), Set.of(r.address()), false, null);
        CompileHandler compiler = new CompileHandler(root);
        Change c = compiler.diff(compile, compiler.observe(compile, Optional.empty(), context), Optional.empty(), context);
        assertThat(c.reasons()).anyMatch(s -> s.contains("blocked: training.detector failed its gate 'auroc >= 0.95': "
                + "auroc is 0.8000 on the test images"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compiler.apply(c, compile, context))
                .hasMessageContaining("auroc is 0.8000");
    }

    @Test
    void apply_whenTrainerFails_recordsTheFailureForThePlan() throws Exception {
        handler = new TrainingHandler(root, (m, hp, n, v, commit, out, p) -> {
            throw new IllegalStateException("no anomaly images");
        }, uri -> Optional.empty());
        Resource r = training(0.001, "auroc >= 0.95");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.apply(plan(r, Optional.empty()), r, context))
                .hasMessageContaining("no anomaly images");
        Change c = plan(r, Optional.empty());
        assertThat(c.reasons()).anyMatch(s -> s.contains("failed before (no anomaly images)"));
    }

    @Test
    void diff_whenAnApplyDiedDuringTheJob_saysItIsTrainedAgainInsteadOfBlamingInputs() throws Exception {
        Resource r = training(0.001, "auroc >= 0.95");
        Change first = plan(r, Optional.empty());
        String job = first.reasons().stream().filter(s -> s.startsWith("new training job ")).findFirst().orElseThrow()
                .substring("new training job ".length());
        ResourceState intent = new ResourceState(r.address(), ResourceState.Status.INTENT, "d", r.attributes(),
                Map.of(), job, Instant.now());

        Change c = plan(r, Optional.of(intent));

        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reasons()).anyMatch(s -> s.equals("job " + job + " was started by an apply that did not finish "
                + "(the in-process trainer cannot be resumed): training it again"))
                .noneMatch(s -> s.startsWith("its inputs changed"));
    }

    private static ResourceState applied(Resource r, ApplyOutcome out) {
        return new ResourceState(r.address(), ResourceState.Status.APPLIED, "d", r.attributes(), out.outputs(), null,
                Instant.now());
    }
}
