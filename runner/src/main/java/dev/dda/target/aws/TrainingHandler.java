package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.ManifestException;
import dev.dda.manifest.S3Uri;
import dev.dda.packaging.ModelComponents;
import dev.dda.spec.Gate;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.TargetException;
import dev.dda.train.SageMakerJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricData;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * {@code training.NAME}: a SageMaker training job, either the Marketplace "computer-vision-defect-detection"
 * algorithm (its per-region ARN from the spec; augmented-manifest channel whose AttributeNames equal the
 * {@code *InputDataAttributeNames} hyperparameters, in the same order; {@code ModelType}) or a container image that
 * runs dda's own trainer. Final metrics become outputs, and the spec's gates are checked on them.
 */
final class TrainingHandler extends JobHandler {
    /** What the container prints and SageMaker records as the job's final metrics, which the gates judge. */
    private static final List<String> METRICS = Gate.trainerMetricNames();

    static final List<String> CLASSIFICATION_ATTRIBUTES = List.of("source-ref", "anomaly-label-metadata", "anomaly-label");
    static final List<String> SEGMENTATION_ATTRIBUTES = List.of("source-ref", "anomaly-label-metadata", "anomaly-label",
            "anomaly-mask-ref-metadata", "anomaly-mask-ref");

    TrainingHandler(AwsClients clients, Polling polling) {
        super(clients, polling);
    }

    static boolean notFound(SdkException e) {
        return isCode(e, "ResourceNotFound") || isCode(e, "ValidationException")
                && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("not find");
    }

    private AwsConfig.BucketRef output(Resource r) {
        return config().bucket(Attrs.required(Attrs.map(r.attributes(), "output"), "bucket", r.address() + " output"));
    }

    private SageMakerClient sageMaker(Resource r) {
        return clients.sageMaker(output(r).account());
    }

    @Override
    protected Optional<Job> describe(Resource desired, String name) throws TargetException {
        DescribeTrainingJobResponse d;
        try {
            d = sageMaker(desired).describeTrainingJob(b -> b.trainingJobName(name));
        } catch (SdkException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw failure("sagemaker:DescribeTrainingJob " + name, e);
        }
        TrainingJobStatus s = d.trainingJobStatus();
        State state = s == TrainingJobStatus.COMPLETED ? State.DONE
                : s == TrainingJobStatus.FAILED || s == TrainingJobStatus.STOPPED ? State.FAILED : State.RUNNING;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", d.trainingJobArn());
        boolean marketplace = d.algorithmSpecification() != null && d.algorithmSpecification().algorithmName() != null;
        out.put("framework", marketplace ? "pytorch" : "tensorflow");
        out.put("account", output(desired).account());
        // where packaged models go (compile): the training's own output location
        out.put("outputBucket", output(desired).name());
        out.put("outputPrefix", Attrs.str(Attrs.map(desired.attributes(), "output"), "prefix", "models/training/"));
        if (d.modelArtifacts() != null) {
            out.put("modelArtifacts", d.modelArtifacts().s3ModelArtifacts());
        }
        Map<String, Object> metrics = new TreeMap<>();
        for (MetricData m : d.finalMetricDataList()) {
            // SageMaker reports floats: keep their decimal form (0.81, not 0.8100000023841858)
            metrics.put(m.metricName(), Double.parseDouble(Float.toString(m.value())));
        }
        out.put("metrics", metrics);
        String detail = state == State.FAILED ? String.valueOf(d.failureReason())
                : d.secondaryStatusAsString() == null ? "" : d.secondaryStatusAsString();
        return Optional.of(new Job(name, state, d.trainingJobStatusAsString(), detail, out));
    }

    @Override
    protected void start(Resource desired, String name, ApplyContext context) throws TargetException {
        CreateTrainingJobRequest request = request(desired, name, context);
        try {
            sageMaker(desired).createTrainingJob(request);
        } catch (SdkException e) {
            if (!isCode(e, "ResourceInUse")) {
                throw failure("sagemaker:CreateTrainingJob " + name, e);
            }
        }
    }

    CreateTrainingJobRequest request(Resource desired, String name, ApplyContext context) throws TargetException {
        Map<String, Object> a = desired.attributes();
        String manifest = manifestOf(desired, context);
        AwsConfig.BucketRef out = output(desired);
        String prefix = Attrs.str(Attrs.map(a, "output"), "prefix", "models/training/");
        String role = AccountRef.roleArn(Attrs.str(a, "executionRole", out.account() + "/DDASageMakerExecutionRole"),
                config().accounts());
        Map<String, String> hyper = new TreeMap<>();
        Attrs.map(a, "hyperparameters").forEach((k, v) -> hyper.put(k, String.valueOf(v)));
        Object algorithm = a.getOrDefault("algorithm", "builtin");
        CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder().trainingJobName(name).roleArn(role)
                .outputDataConfig(o -> o.s3OutputPath("s3://" + out.name() + "/" + prefix))
                .resourceConfig(r -> r.instanceType(Attrs.str(a, "instanceType", "ml.g4dn.2xlarge")).instanceCount(1)
                        .volumeSizeInGB(20))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(Optional.ofNullable(Attrs.integer(a, "maxRuntime"))
                        .orElse(3600)))
                .tags(t -> t.key("dda:pipeline").value(config().pipeline()),
                        t -> t.key("dda:resource").value(desired.address().toString()),
                        t -> t.key("dda-portal:managed").value("true"));
        if (algorithm instanceof Map<?, ?> m && ((Map<?, ?>) m).containsKey("marketplace")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) m;
            String modelType = Attrs.str(spec, "modelType", Attrs.str(a, "modelType", "classification"));
            List<String> attrs = modelType.startsWith("segmentation") ? SEGMENTATION_ATTRIBUTES : CLASSIFICATION_ATTRIBUTES;
            hyper.put("ModelType", modelType);
            hyper.put("TrainingInputDataAttributeNames", String.join(",", attrs));
            hyper.put("TestInputDataAttributeNames", String.join(",", attrs));
            b.algorithmSpecification(AlgorithmSpecification.builder().algorithmName(Attrs.str(spec, "marketplace"))
                            .trainingInputMode("File").enableSageMakerMetricsTimeSeries(false).build())
                    .enableNetworkIsolation(true)
                    .inputDataConfig(augmentedManifest(manifest, attrs));
        } else {
            String image = algorithm instanceof Map<?, ?> m2 && ((Map<?, ?>) m2).get("image") != null
                    ? String.valueOf(((Map<?, ?>) m2).get("image"))
                    : Attrs.str(a, "trainerImage", config().account(out.account()).id() + ".dkr.ecr."
                            + config().region() + ".amazonaws.com/dda-trainer:latest");
            // dda's container (dda train --sagemaker) reads the DDA manifest and the images as plain files: an
            // augmented manifest is streamed in Pipe mode only
            String images = imagesPrefix(manifest, desired);
            hyper.put(SageMakerJob.IMAGES_PREFIX, images);
            hyper.put(SageMakerJob.MODEL_NAME, desired.address().name());
            hyper.put(SageMakerJob.MODEL_VERSION, name);
            b.algorithmSpecification(AlgorithmSpecification.builder().trainingImage(image).trainingInputMode("File")
                            .metricDefinitions(METRICS.stream().map(m -> MetricDefinition.builder().name(m)
                                    .regex(SageMakerJob.metricRegex(m)).build()).toList())
                            .build())
                    .inputDataConfig(files(SageMakerJob.MANIFEST_CHANNEL, manifest),
                            files(SageMakerJob.IMAGES_CHANNEL, images));
        }
        return b.hyperParameters(hyper).build();
    }

    private static Channel files(String channel, String s3Prefix) {
        return Channel.builder().channelName(channel).compressionType("None").inputMode("File")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri(s3Prefix)
                        .s3DataDistributionType("FullyReplicated"))).build();
    }

    /** The folder all of the manifest's images share, in one bucket: what the images channel copies. */
    private String imagesPrefix(String manifestUri, Resource desired) throws TargetException {
        S3Uri where = S3Uri.parseObject(manifestUri);
        String text;
        try {
            text = clients.s3(accountOf(where.bucket(), desired)).getObjectAsBytes(g -> g.bucket(where.bucket())
                    .key(where.key())).asUtf8String();
        } catch (SdkException e) {
            throw failure("s3:GetObject " + manifestUri, e);
        }
        DdaManifest parsed;
        try {
            parsed = DdaManifest.parse(manifestUri, text);
        } catch (ManifestException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage(), e);
        }
        return parsed.sharedFolder().orElseThrow(() -> new TargetException(desired.address() + ": the images of "
                + manifestUri + " are in " + parsed.entries().stream().map(e -> e.sourceRef().bucket()).distinct()
                .toList() + "; the builtin trainer reads them from one bucket"));
    }

    /** The account holding the bucket of that name, as the spec declares it; else the training's own. */
    private String accountOf(String bucketName, Resource desired) {
        return config().buckets().values().stream().filter(b -> b.name().equals(bucketName)).findFirst()
                .map(AwsConfig.BucketRef::account).orElse(output(desired).account());
    }

    /** The Marketplace algorithm's channel: the augmented manifest, streamed as RecordIO (Pipe mode only). */
    private static Channel augmentedManifest(String manifest, List<String> attributes) {
        return Channel.builder().channelName("training").compressionType("None").inputMode("Pipe")
                .recordWrapperType("RecordIO")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("AugmentedManifestFile").s3Uri(manifest)
                        .s3DataDistributionType("ShardedByS3Key").attributeNames(attributes))).build();
    }

    private String manifestOf(Resource desired, ApplyContext context) throws TargetException {
        Address labels = Address.of("labeling", Attrs.required(desired.attributes(), "labels", desired.address()));
        Object manifest = context.outputsOf(labels).get("manifest");
        if (manifest == null) {
            throw new TargetException(desired.address() + ": " + labels + " has no manifest yet; apply it first");
        }
        return String.valueOf(manifest);
    }

    /** Gates such as {@code auroc >= 0.95} must hold on the job's final metrics, or nothing downstream runs. */
    @Override
    protected void accept(Resource desired, Job job) throws TargetException {
        List<String> failed = new ArrayList<>();
        for (Gate gate : gates(desired)) {
            Gate.Result r = gate.evaluate(ModelComponents.metrics(job.outputs()));
            if (!r.passed()) {
                failed.add(r.describe());
            }
        }
        if (!failed.isEmpty()) {
            throw new TargetException(desired.address() + ": job " + job.name() + " finished but its gates do not "
                    + "hold: " + String.join("; ", failed) + "; nothing downstream is deployed");
        }
    }

    @Override
    protected boolean judgedAlike(Resource desired, ResourceState prior) {
        return Objects.equals(prior.attributes().get("gates"), desired.attributes().get("gates"));
    }

    @Override
    protected List<String> judgement(Resource desired, Map<String, Object> finished) {
        Map<String, Double> metrics = finished == null ? null : ModelComponents.metrics(finished);
        return gates(desired).stream().map(g -> g.planLine(metrics)).toList();
    }

    /** The spec's gates; the schema has already refused any that does not parse. */
    private static List<Gate> gates(Resource desired) {
        return Attrs.strings(desired.attributes(), "gates").stream().map(Gate::parse).toList();
    }
}
