package dev.dda.target.aws;

import dev.dda.edge.model.Folders;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.packaging.ModelPackage;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.CompileTarget;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (PyTorch 1.8, input shape from the training's outputs or its image size). dda's own TensorFlow models need no
 * compiler (TF Java runs the SavedModel on every platform): the training's {@code model.tar.gz} is downloaded and
 * packaged exactly as the local target does ({@link ModelPackage}: deployable part only, deterministic ZIP), then
 * uploaded content-addressed to {@code s3://OUTPUT/PREFIXcomponents/NAME/SHA256/NAME.zip}; its digest and URI are
 * the outputs the model component's recipe is rendered from.
 */
final class CompileHandler extends JobHandler {
    /** The content key a package or a Neo job's output was made for, recorded with it. */
    private static final String INPUTS = "inputs";

    private final ArtifactStore artifacts;

    CompileHandler(AwsClients clients, Polling polling, ArtifactStore artifacts) {
        super(clients, polling);
        this.artifacts = artifacts;
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
                context.contentKey(desired.address()));
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> trained = context.outputsOf(training(desired));
        if (!neo(trained)) {
            return observePackaged(trained, prior, context.contentKey(desired.address()));
        }
        return super.observe(withAccount(desired, trained), prior, context);
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (!neo(context.outputsOf(training(desired)))) {
            return diffPackaged(desired, actual, prior, context);
        }
        return super.diff(desired, actual, prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, Object> trained = context.outputsOf(training(desired));
        if (!neo(trained)) {
            if (trained.get("modelArtifacts") == null) {
                throw new TargetException(desired.address() + ": " + training(desired) + " has no model yet; "
                        + "apply it first");
            }
            return new ApplyOutcome.Done(pack(desired, trained, context));
        }
        return keyed(super.apply(change, withAccount(desired, trained), context), desired, context);
    }

    /** A finished compile records the content key it was made for, so components can tell its model is current. */
    private static ApplyOutcome keyed(ApplyOutcome outcome, Resource desired, PlanContext context) {
        if (!(outcome instanceof ApplyOutcome.Done done)) {
            return outcome;
        }
        Map<String, Object> out = new LinkedHashMap<>(done.outputs());
        out.put(INPUTS, context.contentKey(desired.address()));
        return new ApplyOutcome.Done(out);
    }

    /**
     * Whether {@code compiled}, a compile's recorded outputs, were made for the inputs the spec gives it now (a
     * record from before keys were recorded counts as current: its model source is checked on its own).
     */
    static boolean current(Map<String, Object> compiled, Address compile, PlanContext context) {
        Object inputs = compiled.get(INPUTS);
        return inputs == null || context.contentKey(compile).equals(inputs);
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource r = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return keyed(waitFor(withAccount(r, context.outputsOf(training(r))), started.jobRef(), context), r, context);
    }

    /**
     * Present when the recorded package was made from the training's current model, for the same inputs (a
     * training this plan replaces still reports its old model), and is still on S3.
     */
    private Observation observePackaged(Map<String, Object> trained, Optional<ResourceState> prior, String key)
            throws TargetException {
        Object source = trained.get("modelArtifacts");
        if (source == null || prior.isEmpty() || !source.equals(prior.get().outputs().get("source"))
                || !key.equals(prior.get().outputs().get(INPUTS))) {
            return Observation.absent();
        }
        Map<String, Object> recorded = prior.get().outputs();
        try {
            boolean there = artifacts.storedSha256(String.valueOf(recorded.get("uri")))
                    .filter(String.valueOf(recorded.get("sha256"))::equals).isPresent();
            return there ? Observation.present(recorded) : Observation.absent();
        } catch (SdkException e) {
            throw failure("s3:HeadObject " + recorded.get("uri"), e);
        }
    }

    private Change diffPackaged(Resource desired, Observation actual, Optional<ResourceState> prior,
                                PlanContext context) {
        String target = String.valueOf(desired.attributes().get("target"));
        Object source = context.outputsOf(training(desired)).get("modelArtifacts");
        if (actual.exists()) {
            return change(desired, Action.NOOP, List.of(), prior, context);
        }
        List<String> reasons = new java.util.ArrayList<>();
        Object before = prior.map(p -> p.outputs().get("source")).orElse(null);
        boolean sameInputs = prior.map(p -> context.contentKey(desired.address()).equals(p.outputs().get(INPUTS)))
                .orElse(true);
        reasons.add(before != null && !before.equals(source)
                ? training(desired) + " produced a new model (" + source + "): package it again for " + target
                : !sameInputs ? training(desired) + " changes: its model is packaged again for " + target
                + " (known after apply)"
                : "package the TensorFlow model " + (source == null ? "(known after apply)" : source) + " for "
                + target + " (no compiler job: TF Java runs the SavedModel natively)");
        return change(desired, prior.isPresent() ? Action.REPLACE : Action.CREATE, reasons, prior, context);
    }

    /** Downloads the training's model, packages it as the local target does and uploads it content-addressed. */
    private Map<String, Object> pack(Resource desired, Map<String, Object> trained, ApplyContext context)
            throws TargetException {
        CompileTarget target = CompileTarget.parse(Attrs.required(desired.attributes(), "target", desired.address()));
        String training = Attrs.required(desired.attributes(), "training", desired.address());
        String source = String.valueOf(trained.get("modelArtifacts"));
        java.net.URI src = java.net.URI.create(source);
        String bucket = String.valueOf(trained.getOrDefault("outputBucket", src.getHost()));
        String prefix = String.valueOf(trained.getOrDefault("outputPrefix", ""));
        String name = training + "-" + target.id();
        Path work = null;
        try {
            work = Files.createTempDirectory("dda-compile-");
            Path archive = work.resolve("model.tar.gz");
            artifacts.download(source, archive);
            Path unpacked = work.resolve("unpacked");
            try (var in = Files.newInputStream(archive)) {
                ModelArtifacts.untarGz(in, unpacked);
            }
            Path zip = work.resolve(name + ".zip");
            ModelPackage.Packaged packed = ModelPackage.pack(ModelArtifacts.packageIn(unpacked, source),
                    work.resolve("package"), zip);
            String base = "s3://" + bucket + "/" + prefix + "components";
            String uri = base + "/" + name + "/" + packed.sha256() + "/" + name + ".zip";
            boolean uploaded = artifacts.put(uri, zip, packed.sha256());
            context.progress().report(desired.address(), (uploaded ? "uploaded " : "already on S3: ") + uri
                    + " (" + Files.size(zip) / 1024 + " KiB, model " + packed.modelName() + " "
                    + packed.modelVersion() + ")");
            Map<String, Object> out = new LinkedHashMap<>(packed.describe());
            if (trained.get("metrics") instanceof Map<?, ?> m && !m.isEmpty()) {
                out.put("metrics", m); // the job's final metrics are what the gates judged
            }
            out.put("uri", uri);
            out.put("artifactBase", base);
            out.put("fileName", name + ".zip");
            out.put("source", source);
            out.put(INPUTS, context.contentKey(desired.address()));
            out.put("framework", "tensorflow");
            out.putAll(ModelPackage.targetRecord(target));
            return out;
        } catch (IOException e) {
            throw new TargetException(desired.address() + ": cannot package the model " + source + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure("packaging " + source, e);
        } finally {
            if (work != null) {
                try {
                    Folders.deleteTree(work);
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            }
        }
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
