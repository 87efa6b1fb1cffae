package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.GroundTruthManifest;
import dev.dda.manifest.ManifestException;
import dev.dda.manifest.ManifestTransform;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code labeling.NAME} with {@code from: folders} (label = class folder name) or {@code from: manifest} (import a
 * Ground Truth output manifest). Writes the Ground Truth output manifest and the DDA manifest (see
 * {@link LabelingJob} for where), each checked line by line after writing.
 *
 * <p>Jobs are content-addressed: the job name is {@code NAME-HASH8} of the resource's digest (for an imported
 * manifest, of the digest and the manifest file's bytes, since the spec names only its path). The same inputs
 * reuse the finished job; changed inputs name a new one.
 */
final class LabelingHandler implements ResourceHandler {
    private static final String JOB_NAME = "jobName";
    private static final String MANIFEST_SHA = "inputManifestSha256";
    /** Where the graph builder records the imported manifest's SHA-256 among the attributes. */
    private static final String GRAPH_MANIFEST_SHA = "manifestSha256";
    private final LocalTarget target;

    LabelingHandler(LocalTarget target) {
        this.target = target;
    }

    /** The facts of one labeling, resolved against the spec and the target. */
    /**
     * @param labels as the spec lists them: a Ground Truth class index points into this list
     * @param normalFirst the same labels with the normal one first, as {@link ManifestTransform} reads them
     */
    private record Inputs(String from, List<String> labels, List<String> normalFirst, LocalTarget.BucketRef bucket,
                          String prefix,
                          Optional<Path> manifest, Optional<String> manifestSha, LabelingJob job) { }

    private Inputs inputs(Resource desired, PlanContext context) throws TargetException {
        Map<String, Object> a = desired.attributes();
        String from = Trees.string(a, "from");
        String task = Trees.string(a, "task");
        String where = desired.address() + ": ";
        if ("groundtruth".equals(from) || (from == null && a.get("workteam") != null)) {
            throw new TargetException(where + "from: groundtruth runs a SageMaker Ground Truth job with a workteam, "
                    + "which needs target: aws; locally use from: folders or from: manifest");
        }
        if (!"folders".equals(from) && !"manifest".equals(from)) {
            throw new TargetException(where + "from must be folders or manifest on the local target, found " + from);
        }
        if ("folders".equals(from) && task != null && !"classification".equals(task)) {
            throw new TargetException(where + "from: folders gives image-level labels, so task must be "
                    + "classification (found " + task + "); for segmentation import a manifest with masks");
        }
        List<String> labels = Trees.strings(a, "labels");
        if (labels.size() < 2) {
            throw new TargetException(where + "labels must list the normal class first, then the anomaly class(es), "
                    + "e.g. [normal, anomaly]; found " + labels);
        }
        String normal = Trees.string(a, "normalLabel");
        if (normal != null && !normal.isEmpty() && !labels.contains(normal)) {
            throw new TargetException(where + "normalLabel '" + normal + "' is not one of the labels " + labels);
        }
        String dataset = Trees.string(a, "dataset");
        Map<String, Object> datasetOut = context.outputsOf(Address.of("dataset", dataset));
        Object bucketName = firstNonNull(target.specValue("datasets", dataset, "bucket"), datasetOut.get("bucket"));
        if (bucketName == null) {
            throw new TargetException(where + "dataset '" + dataset + "' is not declared under datasets:");
        }
        Object p = firstNonNull(target.specValue("datasets", dataset, "prefix"), datasetOut.get("prefix"));
        String prefix = p == null ? "" : String.valueOf(p);
        if (prefix.isEmpty()) {
            throw new TargetException(where + "dataset '" + dataset + "' covers its whole bucket (no prefix), so "
                    + "labeling results would land among its images; give the dataset a prefix such as datasets/"
                    + dataset + "/");
        }
        LocalTarget.BucketRef bucket = target.bucket(String.valueOf(bucketName), context);
        Optional<Path> manifest = Optional.empty();
        Optional<String> sha = Optional.empty();
        String digest = context.digest(desired.address());
        if ("manifest".equals(from)) {
            manifest = Optional.of(manifestPath(desired, context));
            sha = Optional.of(sha256(manifest.get(), where));
            if (a.get(GRAPH_MANIFEST_SHA) == null) { // the graph did not fold the manifest's bytes into the digest
                digest = "sha256:" + sha256Text(digest + "|" + sha.get());
            }
        }
        LabelingJob job = LabelingJob.of(desired.address().name(), LabelingJob.jobName(desired.address().name(),
                digest), bucket, prefix);
        return new Inputs(from, labels, normalFirst(labels, normal), bucket, prefix, manifest, sha, job);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Inputs in = inputs(desired, context);
        if (in.manifest().isPresent()) {
            ManifestImport.read(in.manifest().get(), shown(desired)); // a bad manifest fails the plan
        }
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put(JOB_NAME, in.job().name());
        in.manifestSha().ifPresent(s -> seen.put(MANIFEST_SHA, s));
        try {
            Optional<Map<String, Object>> done = in.job().finished();
            if (done.isEmpty()) {
                return new Observation(Observation.Presence.ABSENT, seen, "");
            }
            Optional<String> damage = in.job().damage();
            return new Observation(Observation.Presence.PRESENT, seen, damage.orElse(""));
        } catch (IOException e) {
            throw new TargetException("cannot read labeling job folder " + in.job().dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) {
        Object path = prior.outputs().get("path");
        return path != null && Files.isDirectory(Path.of(String.valueOf(path)))
                ? Observation.present(Map.of(JOB_NAME, String.valueOf(prior.jobRef()))) : Observation.absent();
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        String job = String.valueOf(actual.attributes().get(JOB_NAME));
        Optional<String> priorJob = prior.map(p -> p.jobRef() != null ? p.jobRef()
                : (String) p.outputs().get(JOB_NAME));
        Map<String, Object> after = withJob(desired.attributes(), job);
        Map<String, Object> before = prior.isPresent() && priorJob.isPresent()
                ? withJob(prior.get().attributes(), priorJob.get()) : Map.of();
        boolean newName = priorJob.isPresent() && !priorJob.get().equals(job);
        if (!actual.exists() || !actual.detail().isEmpty()) {
            List<String> reasons = new ArrayList<>();
            if (newName) {
                reasons.addAll(whyNew(desired, actual, prior.get()));
                reasons.add("a new labeling job " + job + " replaces " + priorJob.get());
            } else if (!actual.detail().isEmpty()) {
                reasons.add(actual.detail() + "; it runs again");
            } else if (prior.isPresent()) {
                reasons.add("the results of labeling job " + job + " were deleted outside dda; it runs again");
            } else {
                reasons.add("new labeling job " + job + ": " + describe(desired));
            }
            return Changes.of(desired, context, prior.isPresent() ? Action.REPLACE : Action.CREATE, reasons, before,
                    after);
        }
        if (priorJob.isPresent() && !newName) {
            return Changes.of(desired, context, Action.NOOP, List.of(), before, after);
        }
        return Changes.of(desired, context, Action.REUSE, List.of("labeling job " + job + " with the same inputs "
                + "already finished; its manifests are used"), before, after);
    }

    private static List<String> whyNew(Resource desired, Observation actual, ResourceState prior) {
        List<String> reasons = new ArrayList<>(Trees.differences(prior.attributes(),
                Trees.redactMap(desired.attributes())));
        reasons.removeIf(r -> r.startsWith(GRAPH_MANIFEST_SHA + ":")); // said in words below
        Object oldSha = prior.outputs().get(MANIFEST_SHA);
        if (oldSha != null && !oldSha.equals(actual.attributes().get(MANIFEST_SHA))) {
            reasons.add("manifest file " + desired.attributes().get("manifest") + " changed");
        }
        if (reasons.isEmpty()) {
            reasons.add(desired.dependsOn().stream().sorted().map(Address::toString)
                    .reduce((x, y) -> x + ", " + y).orElse("an input") + " changed");
        }
        return reasons;
    }

    private static String describe(Resource desired) {
        return "manifest".equals(desired.attributes().get("from"))
                ? "imports the Ground Truth manifest " + desired.attributes().get("manifest")
                : "labels from the class folders of dataset." + desired.attributes().get("dataset") + " "
                        + Trees.strings(desired.attributes(), "labels");
    }

    private static Map<String, Object> withJob(Map<String, Object> attributes, String job) {
        Map<String, Object> out = new LinkedHashMap<>(attributes);
        out.put(JOB_NAME, job);
        return out;
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Inputs in = inputs(desired, context);
        try {
            Optional<Map<String, Object>> done = in.job().finished();
            if (change.action() == Action.REUSE && done.isPresent() && in.job().damage().isEmpty()) {
                return new ApplyOutcome.Done(done.get());
            }
            context.recordIntent(desired.address(), in.job().name());
            Map<String, Object> outputs = run(desired, context, in);
            in.job().markFinished(outputs);
            return new ApplyOutcome.Done(outputs);
        } catch (IOException e) {
            throw new TargetException(desired.address() + ": cannot write labeling job " + in.job().name() + " into "
                    + in.job().dir() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> run(Resource desired, ApplyContext context, Inputs in)
            throws TargetException, IOException {
        String created = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        GroundTruthManifest gt;
        String source;
        if (in.manifest().isPresent()) {
            source = shown(desired);
            gt = ManifestImport.read(in.manifest().get(), source);
            ManifestImport.checkImagesExist(gt, target, source);
        } else {
            source = in.bucket().uri(in.prefix()).toString();
            gt = FolderLabels.label(in.bucket(), in.prefix(), in.labels(), in.job().name(), created);
        }
        DdaManifest dda;
        try {
            dda = ManifestTransform.toDda(gt, in.normalFirst(), source);
        } catch (ManifestException e) {
            throw new TargetException(desired.address() + ": the labels cannot become a DDA manifest:\n"
                    + e.getMessage(), e);
        }
        LocalFiles.writeAtomically(in.job().gtManifest(), gt.toJsonLines().getBytes(StandardCharsets.UTF_8));
        LocalFiles.writeAtomically(in.job().ddaManifest(), dda.toJsonLines().getBytes(StandardCharsets.UTF_8));
        verify(desired, in.job());
        context.progress().report(desired.address(), "labeled " + dda.entries().size() + " images "
                + gt.countsByClass() + " into " + in.job().dir());
        return outputs(desired, in, gt, dda, created);
    }

    /** Reads back what was written: a manifest that does not parse must never be handed to training. */
    private static void verify(Resource desired, LabelingJob job) throws TargetException, IOException {
        try {
            GroundTruthManifest.read(job.gtManifest());
            DdaManifest.read(job.ddaManifest());
        } catch (ManifestException e) {
            throw new TargetException(desired.address() + ": the written manifests are invalid:\n" + e.getMessage(), e);
        }
    }

    private static Map<String, Object> outputs(Resource desired, Inputs in, GroundTruthManifest gt, DdaManifest dda,
                                               String created) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(JOB_NAME, in.job().name());
        out.put("from", in.from());
        out.put("task", Trees.string(desired.attributes(), "task") == null ? "classification"
                : Trees.string(desired.attributes(), "task"));
        out.put("labels", in.labels());
        out.put("path", in.job().dir().toString());
        out.put("manifest", in.job().gtManifest().toString());
        out.put("manifestUri", in.job().uri(LabelingJob.GT_MANIFEST).toString());
        out.put("ddaManifest", in.job().ddaManifest().toString());
        out.put("ddaManifestUri", in.job().uri(LabelingJob.DDA_MANIFEST).toString());
        out.put("labelAttribute", gt.labelAttribute());
        out.put("counts", gt.countsByClass());
        out.put("normal", dda.countsByLabel().get(0));
        out.put("anomaly", dda.countsByLabel().get(1));
        out.put("total", dda.entries().size());
        out.put("segmentation", dda.segmentation());
        out.put("created", created);
        in.manifestSha().ifPresent(s -> out.put(MANIFEST_SHA, s));
        return out;
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Object path = started.outputs().get("path");
        if (path != null && Files.isRegularFile(Path.of(String.valueOf(path)).resolve(LabelingJob.DDA_MANIFEST))) {
            return new ApplyOutcome.Done(started.outputs());
        }
        throw new TargetException(started.address() + ": local labeling jobs run during apply; job "
                + started.jobRef() + " left no results, so apply again to run it");
    }

    /** Removes the job folder of the labeling that was applied; other jobs' folders stay. */
    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        Object path = prior.outputs().get("path");
        if (path == null) {
            return;
        }
        Path dir = Path.of(String.valueOf(path));
        try {
            LocalFiles.deleteRecursively(dir);
            LocalFiles.pruneEmptyParents(dir.getParent(), dir.getParent().getParent());
        } catch (IOException e) {
            throw new TargetException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path manifestPath(Resource desired, PlanContext context) throws TargetException {
        String m = Trees.string(desired.attributes(), "manifest");
        if (m == null) {
            throw new TargetException(desired.address() + ": from: manifest needs manifest: PATH, a Ground Truth "
                    + "output manifest (JSON Lines) relative to the spec file");
        }
        return context.specDirectory().resolve(m).toAbsolutePath().normalize();
    }

    /** The manifest as the user wrote it in the spec, so messages point at a file they know. */
    private static String shown(Resource desired) {
        return Trees.string(desired.attributes(), "manifest");
    }

    private static String sha256(Path file, String where) throws TargetException {
        if (!Files.isRegularFile(file)) {
            throw new TargetException(where + "manifest file " + file + " does not exist");
        }
        try {
            return dev.dda.graph.FileDigests.sha256(file);
        } catch (IOException e) {
            throw new TargetException(where + "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256Text(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> normalFirst(List<String> labels, String normal) {
        if (normal == null || normal.isEmpty()) {
            return labels;
        }
        List<String> out = new ArrayList<>(List.of(normal));
        labels.stream().filter(l -> !l.equals(normal)).forEach(out::add);
        return out;
    }

    private static Object firstNonNull(Object a, Object b) {
        return a != null ? a : b;
    }
}
