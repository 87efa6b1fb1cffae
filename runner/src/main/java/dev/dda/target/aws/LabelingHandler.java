package dev.dda.target.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.GroundTruthManifest;
import dev.dda.manifest.ManifestException;
import dev.dda.manifest.ManifestTransform;
import dev.dda.manifest.S3Uri;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.TemplateEngine;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.model.DescribeLabelingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.LabelingJobStatus;

/**
 * {@code labeling.NAME}: the labeled DDA manifest of a dataset, made one of three ways. {@code from: folders}
 * labels each image by its first folder under the prefix (the first label is the normal class);
 * {@code from: manifest} takes a local manifest (DDA, or Ground Truth output transformed); {@code from:
 * groundtruth} runs a Ground Truth labeling job with a private workteam, then transforms its output manifest.
 * Every result is validated and written content-addressed next to the other manifests.
 */
final class LabelingHandler extends JobHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IMAGES = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff");
    private final TemplateEngine templates;

    LabelingHandler(AwsClients clients, Polling polling, TemplateEngine templates) {
        super(clients, polling);
        this.templates = templates;
    }

    /** Where the dataset is and where labeling writes. */
    private record Places(String dataAccount, String dataBucket, String prefix, String jobAccount, String outBucket) {}

    private Places places(Resource r, Map<String, Object> dataset) throws TargetException {
        if (dataset.get("bucket") == null) {
            throw new TargetException(r.address() + ": dataset." + r.attributes().get("dataset")
                    + " is not applied yet");
        }
        String dataAccount = String.valueOf(dataset.get("account"));
        String workteam = Attrs.str(r.attributes(), "workteam");
        String jobAccount = dataAccount;
        if (workteam != null && workteam.split(":").length > 4) {
            String id = workteam.split(":")[4];
            jobAccount = config().accounts().values().stream().filter(a -> id.equals(a.id())).map(AccountRef::name)
                    .findFirst().orElse(dataAccount);
        }
        String outKey = Attrs.str(r.attributes(), "output", config().outputBucket());
        AwsConfig.BucketRef out = outKey != null && config().buckets().containsKey(outKey) ? config().bucket(outKey)
                : new AwsConfig.BucketRef(dataAccount, String.valueOf(dataset.get("bucket")));
        if (workteam == null) {
            jobAccount = out.account();
        }
        return new Places(dataAccount, String.valueOf(dataset.get("bucket")), String.valueOf(dataset.get("prefix")),
                jobAccount, out.name());
    }

    private static Address dataset(Resource r) {
        return Address.of("dataset", Attrs.required(r.attributes(), "dataset", r.address()));
    }

    private static boolean groundTruth(Resource r) {
        return "groundtruth".equals(Attrs.str(r.attributes(), "from"));
    }

    /** The content-addressed key of the DDA manifest made without a job. */
    private static String manifestKey(Resource r, PlanContext context) {
        return "manifests/" + JobNames.of(r.address().name(), context.contentKey(r.address())) + "/dda.manifest";
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> ds = context.outputsOf(dataset(desired));
        if (ds.isEmpty()) {
            return Observation.absent();
        }
        Resource r = withPlaces(desired, places(desired, ds));
        if (groundTruth(desired)) {
            return super.observe(r, prior, context);
        }
        String out = Attrs.str(r.attributes(), "outBucket");
        String key = manifestKey(desired, context);
        try {
            clients.s3(Attrs.str(r.attributes(), "jobAccount")).headObject(b -> b.bucket(out).key(key));
            return Observation.present(Map.of("manifest", "s3://" + out + "/" + key));
        } catch (SdkException e) {
            if (status(e) == 404) {
                return Observation.absent();
            }
            throw failure("reading s3://" + out + "/" + key, e);
        }
    }

    private static Resource withPlaces(Resource r, Places p) {
        Map<String, Object> a = new LinkedHashMap<>(r.attributes());
        a.put("dataAccount", p.dataAccount());
        a.put("dataBucket", p.dataBucket());
        a.put("prefix", p.prefix());
        a.put("jobAccount", p.jobAccount());
        a.put("outBucket", p.outBucket());
        return new Resource(r.address(), a, r.dependsOn(), r.protect(), r.location());
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (groundTruth(desired)) {
            return super.diff(desired, actual, prior, context);
        }
        boolean recorded = actual.exists() && prior.isPresent()
                && actual.attributes().get("manifest").equals(prior.get().outputs().get("manifest"));
        return change(desired, recorded ? Action.NOOP : actual.exists() ? Action.REUSE : Action.CREATE,
                recorded ? List.of() : List.of(actual.exists() ? "the labeled manifest for these inputs exists"
                        : "label " + (Attrs.str(desired.attributes(), "from", "folders").equals("manifest")
                        ? "from the manifest " + desired.attributes().get("manifest")
                        : "images by their folder") + " into a DDA manifest"), prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Resource r = withPlaces(desired, places(desired, context.outputsOf(dataset(desired))));
        if (groundTruth(desired)) {
            return super.apply(change, r, context);
        }
        DdaManifest manifest = "manifest".equals(Attrs.str(desired.attributes(), "from"))
                ? fromLocalManifest(r, context) : fromFolders(r);
        String uri = write(r, manifestKey(desired, context), manifest);
        return new ApplyOutcome.Done(outputs("manifest", uri, "images", manifest.entries().size(),
                "normal", manifest.countsByLabel().get(0), "anomaly", manifest.countsByLabel().get(1)));
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource r = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return waitFor(withPlaces(r, places(r, context.outputsOf(dataset(r)))), started.jobRef(), context);
    }

    private List<String> labels(Resource r) {
        return Attrs.strings(r.attributes(), "labels");
    }

    /** Every image under the prefix, labeled by its first folder: the first label is normal (0), others 1. */
    private DdaManifest fromFolders(Resource r) throws TargetException {
        List<String> labels = labels(r);
        String normal = Attrs.str(r.attributes(), "normalLabel", labels.isEmpty() ? "normal" : labels.get(0));
        List<DdaManifest.Entry> entries = new ArrayList<>();
        List<String> unlabeled = new ArrayList<>();
        String prefix = Attrs.str(r.attributes(), "prefix");
        for (S3Object o : images(r)) {
            String rel = o.key().substring(prefix.length());
            int slash = rel.indexOf('/');
            String folder = slash < 0 ? "" : rel.substring(0, slash);
            if (!labels.contains(folder)) {
                unlabeled.add(rel);
                continue;
            }
            boolean isNormal = folder.equals(normal);
            entries.add(new DdaManifest.Entry(S3Uri.of(Attrs.str(r.attributes(), "dataBucket"), o.key()),
                    isNormal ? 0 : 1, isNormal ? "normal" : "anomaly", 1.0, true,
                    o.lastModified().toString(), Optional.empty()));
        }
        if (entries.isEmpty() || !unlabeled.isEmpty() && unlabeled.size() == entries.size() + unlabeled.size()) {
            throw new TargetException(r.address() + ": no image under s3://" + r.attributes().get("dataBucket") + "/"
                    + prefix + " is in a folder named after a label " + labels + (unlabeled.isEmpty() ? ""
                    : "; found e.g. " + unlabeled.get(0)));
        }
        if (!unlabeled.isEmpty()) {
            throw new TargetException(r.address() + ": " + unlabeled.size() + " image(s) are not in a label folder "
                    + labels + ", e.g. " + unlabeled.get(0) + "; move them or add their folder to labels");
        }
        return new DdaManifest(entries);
    }

    private List<S3Object> images(Resource r) {
        S3Client s3 = clients.s3(Attrs.str(r.attributes(), "dataAccount"));
        List<S3Object> out = new ArrayList<>();
        String bucket = Attrs.str(r.attributes(), "dataBucket");
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(Attrs.str(r.attributes(), "prefix")))
                .contents()) {
            String k = o.key().toLowerCase(Locale.ROOT);
            if (IMAGES.stream().anyMatch(k::endsWith)) {
                out.add(o);
            }
        }
        return out;
    }

    private DdaManifest fromLocalManifest(Resource r, ApplyContext context) throws TargetException {
        Path file = context.specDirectory().resolve(Attrs.required(r.attributes(), "manifest", r.address())).normalize();
        try {
            String text = Files.readString(file);
            return DdaManifest.validate(file.toString(), text).isEmpty() ? DdaManifest.parse(file.toString(), text)
                    : ManifestTransform.toDda(GroundTruthManifest.parse(file.toString(), text), labels(r), file.toString());
        } catch (IOException e) {
            throw new TargetException(r.address() + ": cannot read manifest " + file + ": " + e.getMessage(), e);
        } catch (ManifestException e) {
            throw new TargetException(r.address() + ": " + e.getMessage(), e);
        }
    }

    private String write(Resource r, String key, DdaManifest manifest) throws TargetException {
        String bucket = Attrs.str(r.attributes(), "outBucket");
        try {
            clients.s3(Attrs.str(r.attributes(), "jobAccount")).putObject(b -> b.bucket(bucket).key(key)
                    .contentType("application/x-ndjson"), RequestBody.fromString(manifest.toJsonLines()));
        } catch (SdkException e) {
            throw failure("writing s3://" + bucket + "/" + key, e);
        }
        return "s3://" + bucket + "/" + key;
    }

    // ---- Ground Truth ---------------------------------------------------------------------------------------

    @Override
    protected Optional<Job> describe(Resource desired, String name) throws TargetException {
        DescribeLabelingJobResponse d;
        try {
            d = clients.sageMaker(Attrs.str(desired.attributes(), "jobAccount"))
                    .describeLabelingJob(b -> b.labelingJobName(name));
        } catch (SdkException e) {
            if (TrainingHandler.notFound(e)) {
                return Optional.empty();
            }
            throw failure("sagemaker:DescribeLabelingJob " + name, e);
        }
        LabelingJobStatus s = d.labelingJobStatus();
        State state = s == LabelingJobStatus.COMPLETED ? State.DONE
                : s == LabelingJobStatus.FAILED || s == LabelingJobStatus.STOPPED ? State.FAILED : State.RUNNING;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", d.labelingJobArn());
        String progress = d.labelCounters() == null ? "" : d.labelCounters().totalLabeled() + " labeled, "
                + d.labelCounters().unlabeled() + " to go";
        if (d.labelingJobOutput() != null) {
            String gt = d.labelingJobOutput().outputDatasetS3Uri();
            out.put("groundTruthManifest", gt);
            out.put("manifest", gt.substring(0, gt.lastIndexOf('/') + 1) + "output-dda.manifest");
        }
        return Optional.of(new Job(name, state, d.labelingJobStatusAsString(),
                state == State.FAILED ? String.valueOf(d.failureReason()) : progress, out));
    }

    @Override
    protected void start(Resource r, String name, ApplyContext context) throws TargetException {
        GroundTruthTasks task = GroundTruthTasks.of(Attrs.str(r.attributes(), "task", "classification"));
        String workteam = Attrs.required(r.attributes(), "workteam", r.address());
        String region = config().region();
        String out = Attrs.str(r.attributes(), "outBucket");
        String account = Attrs.str(r.attributes(), "jobAccount");
        String dataBucket = Attrs.str(r.attributes(), "dataBucket");
        StringBuilder input = new StringBuilder();
        for (S3Object o : images(r)) {
            input.append(JSON.createObjectNode().put("source-ref", S3Uri.of(dataBucket, o.key()).toString())).append('\n');
        }
        if (input.isEmpty()) {
            throw new TargetException(r.address() + ": no images under s3://" + dataBucket + "/"
                    + r.attributes().get("prefix") + " (looked for " + IMAGES + ")");
        }
        List<Map<String, String>> categories = labels(r).stream().map(l -> Map.of("label", l)).toList();
        String manifestUri = put(account, out, "manifests/" + name + ".manifest", input.toString(), "application/x-ndjson");
        String categoriesUri = put(account, out, "manifests/" + name + "-label-categories.json",
                json(Map.of("document-version", "2018-11-28", "labels", categories)), "application/json");
        String title = "Label " + r.address().name();
        String ui;
        try {
            ui = templates.render(task.template(), Map.of("title", title,
                    "instructions", Attrs.str(r.attributes(), "instructions", "Choose the label that fits the image. "
                            + labels(r).get(0) + " means no defect."),
                    "shortInstruction", "Pick one of " + labels(r), "labelsJson", json(labels(r))));
        } catch (IOException e) {
            throw new TargetException(r.address() + ": " + e.getMessage(), e);
        }
        String uiUri = put(account, out, "ui-templates/" + name + ".liquid", ui, "text/html");
        String role = AccountRef.roleArn(Attrs.str(r.attributes(), "executionRole", account + "/DDASageMakerExecutionRole"),
                config().accounts());
        String pre = task.preAnnotationLambda(region);
        String acs = task.consolidationLambda(region);
        try {
            clients.sageMaker(account).createLabelingJob(b -> b.labelingJobName(name)
                    .labelAttributeName(task.labelAttribute())
                    .inputConfig(i -> i.dataSource(d -> d.s3DataSource(s -> s.manifestS3Uri(manifestUri))))
                    .outputConfig(o -> o.s3OutputPath("s3://" + out + "/labeled/"))
                    .roleArn(role)
                    .labelCategoryConfigS3Uri(categoriesUri)
                    .humanTaskConfig(h -> h.workteamArn(workteam).uiConfig(u -> u.uiTemplateS3Uri(uiUri))
                            .preHumanTaskLambdaArn(pre)
                            .taskKeywords(task.keyword(), "Images", "Defect detection")
                            .taskTitle(title).taskDescription("Label each image: " + labels(r))
                            .numberOfHumanWorkersPerDataObject(1).taskTimeLimitInSeconds(600)
                            .taskAvailabilityLifetimeInSeconds(864000)
                            .annotationConsolidationConfig(a -> a.annotationConsolidationLambdaArn(acs)))
                    .tags(t -> t.key("dda:pipeline").value(config().pipeline()),
                            t -> t.key("dda:resource").value(r.address().toString())));
        } catch (SdkException e) {
            if (!isCode(e, "ResourceInUse")) {
                throw failure("sagemaker:CreateLabelingJob " + name, e);
            }
        }
    }

    /** The Ground Truth output manifest, transformed to the DDA manifest, validated, written beside it. */
    @Override
    protected Map<String, Object> finish(Resource r, Job job, ApplyContext context) throws TargetException {
        String gtUri = String.valueOf(job.outputs().get("groundTruthManifest"));
        S3Uri gt = S3Uri.parseObject(gtUri);
        S3Uri dda = S3Uri.parseObject(String.valueOf(job.outputs().get("manifest")));
        String account = Attrs.str(r.attributes(), "jobAccount");
        try {
            String text = clients.s3(account).getObjectAsBytes(b -> b.bucket(gt.bucket()).key(gt.key())).asUtf8String();
            DdaManifest manifest = ManifestTransform.toDda(GroundTruthManifest.parse(gtUri, text), labels(r), gtUri);
            clients.s3(account).putObject(b -> b.bucket(dda.bucket()).key(dda.key()).contentType("application/x-ndjson"),
                    RequestBody.fromString(manifest.toJsonLines()));
            Map<String, Object> out = new LinkedHashMap<>(job.outputs());
            out.put("images", manifest.entries().size());
            out.put("normal", manifest.countsByLabel().get(0));
            out.put("anomaly", manifest.countsByLabel().get(1));
            return out;
        } catch (ManifestException e) {
            throw new TargetException(r.address() + ": the Ground Truth output " + gtUri + " cannot become a DDA "
                    + "manifest: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure("transforming " + gtUri, e);
        }
    }

    private String put(String account, String bucket, String key, String body, String type) throws TargetException {
        try {
            clients.s3(account).putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromString(body));
            return "s3://" + bucket + "/" + key;
        } catch (SdkException e) {
            throw failure("writing s3://" + bucket + "/" + key, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
