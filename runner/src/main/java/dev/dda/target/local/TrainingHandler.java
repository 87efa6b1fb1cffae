package dev.dda.target.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.edge.model.Folders;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Digests;
import dev.dda.spec.Gate;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.AttributeChanges;
import dev.dda.target.JobMetrics;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import dev.dda.target.local.device.ComponentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code training.NAME} on the local target: dda's trainer, run in process. Jobs are content-addressed: the job is
 * named {@code NAME-DIGEST12} from the resource's content digest (its attributes and, transitively, its labels and
 * data), kept under {@code ROOT/training-jobs/JOB/}. A finished job with the same name is reused, never re-run; any
 * change to an input names a new job. The job's model package is also placed in the output bucket (hard links),
 * as SageMaker leaves model artifacts there. Gates are judged on the finished job (and judged again when only the
 * gates change: they are not part of the job's name); a failing gate blocks everything downstream.
 */
public final class TrainingHandler implements ResourceHandler {
    static final String DONE = "done.json";
    static final String FAILED = "failed.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Maps {@code s3://BUCKET/KEY} to the local bucket's file, or empty when no local bucket has it. */
    @FunctionalInterface
    public interface ObjectResolver {
        Optional<Path> resolve(String s3Uri) throws TargetException;
    }

    private final Path jobsRoot;
    private final ModelTrainer trainer;
    private final ObjectResolver objects;

    /** Where a local target's training jobs keep their folders (one per job: input, model, done.json). */
    public static Path jobsRoot(Path root) {
        return root.resolve("training-jobs");
    }

    public TrainingHandler(Path root, ModelTrainer trainer, ObjectResolver objects) {
        this.jobsRoot = jobsRoot(root);
        this.trainer = trainer;
        this.objects = objects;
    }

    /** {@code NAME-KEY12}, KEY being its content key, which leaves the gates out: a changed gate re-judges the job. */
    static String jobName(Resource desired, PlanContext context) {
        Address address = desired.address();
        String name = address.name().length() > 50 ? address.name().substring(0, 50) : address.name();
        return name + "-" + Digests.shortHex(context.contentKey(address), 12);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Observation seen = observeJob(jobsRoot.resolve(jobName(desired, context)));
        return seen.presence() == Observation.Presence.PRESENT
                ? Observation.present(judged(gates(desired), seen.attributes())) : seen;
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Object dir = prior.outputs().get("jobDir");
        return dir == null ? Observation.absent() : observeJob(Path.of(String.valueOf(dir)));
    }

    private Observation observeJob(Path dir) throws TargetException {
        try {
            if (Files.isRegularFile(dir.resolve(DONE))) {
                return Observation.present(read(dir.resolve(DONE)));
            }
            if (Files.isRegularFile(dir.resolve(FAILED))) {
                return new Observation(Observation.Presence.FAILED, Map.of(),
                        String.valueOf(read(dir.resolve(FAILED)).get("reason")));
            }
            return Observation.absent();
        } catch (IOException e) {
            throw new TargetException("cannot read training job " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        String job = jobName(desired, context);
        List<String> reasons = new ArrayList<>();
        Action action;
        if (actual.presence() == Observation.Presence.PRESENT) {
            // recorded by an earlier apply and judged by the same gates: nothing to do, as on the aws target
            boolean recorded = Changes.wasApplied(prior) && job.equals(prior.get().outputs().get("jobName"))
                    && Objects.equals(prior.get().attributes().get("gates"), desired.attributes().get("gates"));
            action = recorded ? Action.NOOP : Action.REUSE;
            if (!recorded) {
                reasons.add("training job " + job + " already finished with these exact inputs: its model is reused,"
                        + " nothing is retrained");
            }
            reasons.addAll(gateLines(desired, actual.attributes()));
        } else {
            action = prior.isPresent() ? Action.REPLACE : Action.CREATE;
            if (prior.isPresent()) {
                List<String> changes = AttributeChanges.between(prior.get().attributes(), desired.attributes());
                changes.forEach(c -> reasons.add(c + " forces a new training job"));
                if (interrupted(prior.get(), job)) {
                    reasons.add("job " + job + " was started by an apply that did not finish (the in-process "
                            + "trainer cannot be resumed): training it again");
                } else if (changes.isEmpty()) {
                    reasons.add("its inputs changed (" + desired.dependsOn() + "): forces a new training job");
                }
            }
            if (actual.presence() == Observation.Presence.FAILED) {
                reasons.add("job " + job + " failed before (" + actual.detail() + "): running it again");
            }
            reasons.add("new training job " + job);
            reasons.addAll(standIns(desired));
            gates(desired).forEach(g -> reasons.add(g.planLine(null)));
        }
        boolean finished = actual.presence() == Observation.Presence.PRESENT;
        Map<String, Object> before = prior.map(p -> finished ? JobMetrics.alongside(p.attributes(), p.outputs())
                : p.attributes()).orElse(Map.of());
        Map<String, Object> after = finished ? JobMetrics.alongside(desired.attributes(), actual.attributes())
                : desired.attributes();
        return new Change(desired.address(), action, reasons, before, after, desired.dependsOn(),
                context.digest(desired.address()));
    }


    /**
     * What the spec asks for that only SageMaker runs: the local target trains with dda's own trainer instead, and
     * says so rather than letting the plan read as if the spec's algorithm ran.
     */
    static List<String> standIns(Resource desired) {
        List<String> notes = new ArrayList<>();
        if (desired.attributes().get("algorithm") instanceof Map<?, ?> a) {
            String what = a.containsKey("marketplace") ? "a Marketplace algorithm" : "a container image";
            notes.add("algorithm: " + what + " runs on target aws only; here dda's builtin trainer stands in");
        }
        if ("segmentation".equals(desired.attributes().get("modelType"))) {
            notes.add("modelType segmentation: here the builtin trainer builds a classifier whose heat map boxes"
                    + " defects; a segmentation model needs target aws");
        }
        return notes;
    }

    /** An intent for this very job, never finished: the apply that started it died. */
    private static boolean interrupted(ResourceState prior, String job) {
        return prior.status() != ResourceState.Status.APPLIED && job.equals(prior.jobRef());
    }

    private static List<String> gateLines(Resource desired, Map<String, Object> outputs) {
        Map<String, Double> metrics = metrics(outputs);
        return gates(desired).stream().map(g -> g.planLine(metrics)).toList();
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        List<Gate> gates = gatesOrFail(desired);
        String job = jobName(desired, context);
        Path dir = jobsRoot.resolve(job);
        Observation seen = observeJob(dir);
        if (seen.presence() == Observation.Presence.PRESENT) {
            return judgedOutcome(desired, gates, seen.attributes(), context);
        }
        context.recordIntent(desired.address(), job);
        String labels = String.valueOf(desired.attributes().get("labels"));
        Object manifest = context.outputsOf(Address.of("labeling", labels)).get("ddaManifest");
        if (manifest == null) {
            throw new TargetException(desired.address() + ": labeling." + labels + " has no labeled manifest yet; "
                    + "apply it first");
        }
        try {
            Folders.deleteTree(dir);
            Files.createDirectories(dir);
            Path model = dir.resolve("model");
            context.progress().report(desired.address(), "training job " + job + " started");
            Path input = localManifest(Path.of(String.valueOf(manifest)), dir.resolve("input.manifest"));
            trainer.train(input, hyperparameters(desired), desired.address().name(),
                    job.substring(job.length() - 12), context.gitCommit(), model,
                    line -> context.progress().report(desired.address(), line));
            Map<String, Object> outputs = outputs(job, dir, model);
            placeInBucket(desired, context, job, model).ifPresent(p -> outputs.put("outputDir", p.toString()));
            write(dir.resolve(DONE), outputs);
            return judgedOutcome(desired, gates, outputs, context);
        } catch (TargetException e) {
            throw e;
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            try {
                write(dir.resolve(FAILED), Map.of("reason", reason));
            } catch (IOException ignored) {
                // the failure itself is what the user must see
            }
            throw new TargetException(desired.address() + ": training job " + job + " failed: " + reason, e);
        }
    }

    /**
     * The job's outputs with its gates judged. A failing gate does not fail the training (the job did run and its
     * model is kept for inspection); it is recorded as {@code gatesPassed: false}, which blocks compile, components
     * and deployments downstream with a message naming the metric ({@link CompileHandler#blockedBy}).
     */
    private static ApplyOutcome judgedOutcome(Resource desired, List<Gate> gates, Map<String, Object> outputs,
                                              ApplyContext context) {
        Map<String, Object> judged = judged(gates, outputs);
        for (Gate g : gates) {
            context.progress().report(desired.address(), "gate " + g.evaluate(metrics(judged)).describe());
        }
        return new ApplyOutcome.Done(judged);
    }

    static Map<String, Object> judged(List<Gate> gates, Map<String, Object> outputs) {
        Map<String, Object> out = new LinkedHashMap<>(outputs);
        List<Map<String, Object>> results = new ArrayList<>();
        boolean passed = true;
        for (Gate g : gates) {
            Gate.Result r = g.evaluate(metrics(outputs));
            results.add(r.toMap());
            passed &= r.passed();
        }
        out.put("gates", results);
        out.put("gatesPassed", passed);
        return out;
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Observation seen = observeOrphan(started, context);
        if (seen.presence() == Observation.Presence.PRESENT) {
            return new ApplyOutcome.Done(seen.attributes());
        }
        throw new TargetException(started.address() + ": local training runs in process; job " + started.jobRef()
                + " did not finish (dda stopped while it ran); apply again to rerun it");
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        for (String key : List.of("outputDir", "jobDir")) {
            Object dir = prior.outputs().get(key);
            if (dir != null) {
                try {
                    Folders.deleteTree(Path.of(String.valueOf(dir)));
                } catch (IOException e) {
                    throw new TargetException("cannot delete training output " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private Map<String, Object> outputs(String job, Path dir, Path model) throws IOException {
        Map<String, Object> manifest = read(model.resolve("manifest.json"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobName", job);
        out.put("jobDir", dir.toString());
        out.put("modelDir", model.toString());
        out.put("modelName", manifest.get("name"));
        out.put("modelVersion", manifest.get("version"));
        out.put("anomalyThreshold", manifest.get("anomalyThreshold"));
        out.put("metrics", manifest.getOrDefault("metrics", Map.of()));
        return out;
    }

    /**
     * The labeled manifest with its {@code s3://} references turned into the local buckets' files (as SageMaker
     * would download them into the training container), written into the job folder.
     */
    private Path localManifest(Path manifest, Path out) throws IOException, TargetException {
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(manifest)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> entry = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            for (Map.Entry<String, Object> e : entry.entrySet()) {
                if (e.getKey().endsWith("-ref") && e.getValue() instanceof String ref && ref.startsWith("s3://")) {
                    Path local = objects.resolve(ref).filter(Files::isRegularFile).orElseThrow(() -> new TargetException(
                            manifest + ":" + lineNo(line, manifest) + ": " + ref + " is in no local bucket"));
                    e.setValue(local.toAbsolutePath().toString());
                }
            }
            lines.add(new ObjectMapper().writeValueAsString(entry));
        }
        Files.write(out, lines);
        return out;
    }

    private static String lineNo(String line, Path manifest) {
        try {
            return Integer.toString(Files.readAllLines(manifest).indexOf(line) + 1);
        } catch (IOException e) {
            return "?";
        }
    }

    /** Hard-links the package into s3://OUTPUT/PREFIX/JOB/model/ of the local output bucket, when it exists. */
    @SuppressWarnings("unchecked")
    private static Optional<Path> placeInBucket(Resource desired, ApplyContext context, String job, Path model)
            throws IOException {
        if (!(desired.attributes().get("output") instanceof Map<?, ?> output)) {
            return Optional.empty();
        }
        Object objects = context.outputsOf(Address.of("bucket", String.valueOf(output.get("bucket")))).get("objects");
        if (objects == null) {
            return Optional.empty();
        }
        String prefix = output.get("prefix") == null ? "" : String.valueOf(output.get("prefix"));
        Path target = Path.of(String.valueOf(objects)).resolve(prefix + job).resolve("model").normalize();
        if (!target.startsWith(Path.of(String.valueOf(objects)))) {
            throw new IOException("output prefix '" + prefix + "' leaves its bucket");
        }
        try (var files = Files.walk(model)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                ComponentStore.linkOrCopy(f, target.resolve(model.relativize(f).toString()));
            }
        }
        return Optional.of(target.getParent());
    }

    static Map<String, Double> metrics(Map<String, Object> outputs) {
        return dev.dda.packaging.ModelComponents.metrics(outputs);
    }

    static List<Gate> gates(Resource desired) {
        List<Gate> out = new ArrayList<>();
        if (desired.attributes().get("gates") instanceof List<?> l) {
            for (Object g : l) {
                try {
                    out.add(Gate.parse(String.valueOf(g)));
                } catch (IllegalArgumentException ignored) {
                    // reported by gatesOrFail on apply, and by the spec checks before
                }
            }
        }
        return out;
    }

    private static List<Gate> gatesOrFail(Resource desired) throws TargetException {
        if (desired.attributes().get("gates") instanceof List<?> l) {
            List<Gate> out = new ArrayList<>();
            for (Object g : l) {
                try {
                    out.add(Gate.parse(String.valueOf(g)));
                } catch (IllegalArgumentException e) {
                    throw new TargetException(desired.address() + ": " + e.getMessage());
                }
            }
            return out;
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hyperparameters(Resource desired) {
        Object hp = desired.attributes().get("hyperparameters");
        return hp instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static void write(Path file, Map<String, Object> value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
