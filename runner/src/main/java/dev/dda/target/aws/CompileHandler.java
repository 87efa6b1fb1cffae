package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CompilationJobStatus;
import software.amazon.awssdk.services.sagemaker.model.DescribeCompilationJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TargetPlatformAccelerator;
import software.amazon.awssdk.services.sagemaker.model.TargetPlatformArch;

/**
 * {@code compile.TRAINING.TARGET}: for the Marketplace (PyTorch) model a SageMaker Neo compilation job per target
 * (PyTorch 1.8, input shape from the training's outputs or its image size); dda's own TensorFlow models need no
 * compiler: they are packaged per target with the TF Java native build, so the step passes the artifacts through.
 */
final class CompileHandler extends JobHandler {
    CompileHandler(AwsClients clients, Polling polling) {
        super(clients, polling);
    }

    private static Address training(Resource r) {
        return Address.of("training", Attrs.required(r.attributes(), "training", r.address()));
    }

    private static boolean neo(Map<String, Object> trainingOutputs) {
        return "pytorch".equals(trainingOutputs.get("framework"));
    }

    /** The job runs where the training ran; the training's outputs name that account. */
    private static String account(Resource r) {
        return Attrs.str(r.attributes(), "account");
    }

    private static Resource withAccount(Resource r, Map<String, Object> trained) {
        Map<String, Object> a = new LinkedHashMap<>(r.attributes());
        if (trained.get("account") != null) {
            a.put("account", trained.get("account"));
        }
        return new Resource(r.address(), a, r.dependsOn(), r.protect(), r.location());
    }

    @Override
    protected String baseName(Resource desired, PlanContext context) {
        String target = Attrs.str(desired.attributes(), "target", "target").replace("_", "");
        return JobNames.of(Attrs.str(desired.attributes(), "training", "model") + "-" + target,
                context.digest(desired.address()));
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> trained = context.outputsOf(training(desired));
        if (!neo(trained)) {
            return trained.isEmpty() ? Observation.absent() : Observation.present(passThrough(desired, trained));
        }
        return super.observe(withAccount(desired, trained), prior, context);
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (!neo(context.outputsOf(training(desired)))) {
            boolean same = prior.isPresent() && actual.exists()
                    && prior.get().outputs().equals(actual.attributes());
            return change(desired, same ? Action.NOOP : Action.CREATE, same ? List.of()
                    : List.of("package the TensorFlow model for " + desired.attributes().get("target")
                    + " (no compiler job: TF Java runs it natively)"), actual, context);
        }
        return super.diff(desired, actual, prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, Object> trained = context.outputsOf(training(desired));
        if (!neo(trained)) {
            if (trained.get("modelArtifacts") == null) {
                throw new TargetException(desired.address() + ": " + training(desired) + " has no model yet");
            }
            return new ApplyOutcome.Done(passThrough(desired, trained));
        }
        return super.apply(change, withAccount(desired, trained), context);
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource r = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return waitFor(withAccount(r, context.outputsOf(training(r))), started.jobRef(), context);
    }

    private static Map<String, Object> passThrough(Resource desired, Map<String, Object> trained) {
        return outputs("target", desired.attributes().get("target"), "framework", "tensorflow",
                "modelArtifacts", trained.get("modelArtifacts"));
    }

    private SageMakerClient sageMaker(Resource r) {
        return clients.sageMaker(account(r));
    }

    @Override
    protected Optional<Job> describe(Resource desired, String name) throws TargetException {
        DescribeCompilationJobResponse d;
        try {
            d = sageMaker(desired).describeCompilationJob(b -> b.compilationJobName(name));
        } catch (SdkException e) {
            if (TrainingHandler.notFound(e) || isCode(e, "ValidationException")) {
                return Optional.empty();
            }
            throw failure("sagemaker:DescribeCompilationJob " + name, e);
        }
        CompilationJobStatus s = d.compilationJobStatus();
        State state = s == CompilationJobStatus.COMPLETED ? State.DONE
                : s == CompilationJobStatus.FAILED || s == CompilationJobStatus.STOPPED ? State.FAILED : State.RUNNING;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", d.compilationJobArn());
        out.put("framework", "pytorch");
        out.put("target", desired.attributes().get("target"));
        if (d.modelArtifacts() != null) {
            out.put("modelArtifacts", d.modelArtifacts().s3ModelArtifacts());
        }
        return Optional.of(new Job(name, state, d.compilationJobStatusAsString(),
                state == State.FAILED ? String.valueOf(d.failureReason()) : "", out));
    }

    @Override
    protected void start(Resource desired, String name, ApplyContext context) throws TargetException {
        Map<String, Object> trained = context.outputsOf(training(desired));
        String model = String.valueOf(trained.get("modelArtifacts"));
        String target = Attrs.required(desired.attributes(), "target", desired.address());
        String output = model.substring(0, model.lastIndexOf('/', model.lastIndexOf("/output/")))
                + "/compilation/" + target + "/";
        String shape = String.valueOf(trained.getOrDefault("inputShape", "[1,3,224,224]"));
        String role = AccountRef.roleArn(account(desired) + "/DDASageMakerExecutionRole", config().accounts());
        try {
            sageMaker(desired).createCompilationJob(b -> b.compilationJobName(name).roleArn(role)
                    .inputConfig(i -> i.s3Uri(model).framework("PYTORCH").frameworkVersion("1.8")
                            .dataInputConfig("{\"input0\":" + shape + "}"))
                    .outputConfig(o -> {
                        o.s3OutputLocation(output).targetPlatform(p -> {
                            p.os("LINUX").arch(target.startsWith("arm64") ? TargetPlatformArch.ARM64
                                    : TargetPlatformArch.X86_64);
                            if (target.endsWith("gpu")) {
                                p.accelerator(TargetPlatformAccelerator.NVIDIA);
                            }
                        });
                        if (target.endsWith("gpu")) {
                            o.compilerOptions("{\"gpu-code\":\"sm_75\",\"trt-ver\":\"8.2.1\",\"cuda-ver\":\"10.2\"}");
                        }
                    })
                    .stoppingCondition(s -> s.maxRuntimeInSeconds(3600))
                    .tags(t -> t.key("dda:pipeline").value(config().pipeline())));
        } catch (SdkException e) {
            if (!isCode(e, "ResourceInUse")) {
                throw failure("sagemaker:CreateCompilationJob " + name, e);
            }
        }
    }
}
