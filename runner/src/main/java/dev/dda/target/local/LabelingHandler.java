package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.json.Json;
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
    private final LocalTarget target;

    LabelingHandler(LocalTarget target) {
        this.target = target;
    }

    private LabelingInputs inputs(Resource desired, PlanContext context) throws TargetException {
        return LabelingInputs.resolve(desired, context, target);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        LabelingInputs in = inputs(desired, context);
        if (in.manifest().isPresent()) {
            ManifestImport.read(in.manifest().get(), LabelingInputs.shown(desired)); // a bad manifest fails the plan
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
        return LocalFiles.recordedPath(prior).filter(Files::isDirectory).isPresent()
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
            } else if (Changes.wasInterrupted(prior)) {
                reasons.add("labeling job " + job + " was started by an apply that stopped before it finished; "
                        + "it runs again");
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
                Json.redact(desired.attributes())));
        reasons.removeIf(r -> r.startsWith(LabelingInputs.GRAPH_MANIFEST_SHA + ":")); // said in words below
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
        LabelingInputs in = inputs(desired, context);
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

    private Map<String, Object> run(Resource desired, ApplyContext context, LabelingInputs in)
            throws TargetException, IOException {
        String created = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        GroundTruthManifest gt;
        String source;
        if (in.manifest().isPresent()) {
            source = LabelingInputs.shown(desired);
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

    private static Map<String, Object> outputs(Resource desired, LabelingInputs in, GroundTruthManifest gt, DdaManifest dda,
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
        if (LocalFiles.recordedPath(started).filter(p -> Files.isRegularFile(p.resolve(LabelingJob.DDA_MANIFEST)))
                .isPresent()) {
            return new ApplyOutcome.Done(started.outputs());
        }
        throw new TargetException(started.address() + ": local labeling jobs run during apply; job "
                + started.jobRef() + " left no results, so apply again to run it");
    }

    /** Removes the job folder of the labeling that was applied; other jobs' folders stay. */
    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        LocalFiles.atRecordedPath(prior, "delete labeling job folder", dir -> {
            LocalFiles.deleteRecursively(dir);
            LocalFiles.pruneEmptyParents(dir.getParent(), dir.getParent().getParent());
        });
    }
}
