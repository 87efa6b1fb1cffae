package dev.dda.target.local;

import dev.dda.edge.model.Folders;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.packaging.ModelPackage;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Digests;
import dev.dda.render.CompileTarget;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
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
 * {@code compile.TRAINING.TARGET} on the local target. A TensorFlow SavedModel runs unchanged on every platform
 * TensorFlow Java supports; what differs per target is the native build the edge service loads (linux-x86_64,
 * linux-arm64, linux-x86_64-gpu) and the Greengrass platform the model component is for. So compiling means:
 * package the model as the deployable ZIP ({@code NAME/VERSION/manifest.json, saved_model/}, entries sorted, fixed
 * timestamps: the same model gives the same bytes) and record the target's platform and native classifier.
 * Kept under {@code ROOT/compiled/TRAINING.TARGET-DIGEST12/}: content-addressed like training jobs.
 */
public final class CompileHandler implements ResourceHandler {
    static final String RECORD = "compiled.json";
    private final Path compiledRoot;

    public CompileHandler(Path root) {
        this.compiledRoot = root.resolve("compiled");
    }

    private Path dir(Address address, PlanContext context) {
        return dir(compiledRoot.getParent(), address, context.contentKey(address));
    }

    /** Where the packaged model of a compile resource with this content key lives under the local root. */
    public static Path dir(Path root, Address address, String digest) {
        return root.resolve("compiled").resolve(address.name() + "-" + Digests.shortHex(digest, 12));
    }

    /** The record of a packaged model ({@code zip}, {@code sha256}, model name, version, threshold, metrics). */
    public static Optional<Map<String, Object>> record(Path root, Address address, String digest) throws IOException {
        Path file = dir(root, address, digest).resolve(RECORD);
        return Files.isRegularFile(file) ? Optional.of(TrainingHandler.read(file)) : Optional.empty();
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        return observeDir(dir(desired.address(), context));
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Object zip = prior.outputs().get("zip");
        return zip == null ? Observation.absent() : observeDir(Path.of(String.valueOf(zip)).getParent());
    }

    private static Observation observeDir(Path dir) throws TargetException {
        try {
            return Files.isRegularFile(dir.resolve(RECORD)) ? Observation.present(TrainingHandler.read(dir.resolve(RECORD)))
                    : Observation.absent();
        } catch (IOException e) {
            throw new TargetException("cannot read " + dir.resolve(RECORD) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        CompileTarget target = CompileTarget.parse(String.valueOf(desired.attributes().get("target")));
        String training = String.valueOf(desired.attributes().get("training"));
        List<String> reasons = new ArrayList<>();
        Action action;
        if (actual.exists()) {
            boolean recorded = Changes.wasApplied(prior)
                    && Objects.equals(prior.get().outputs().get("sha256"), actual.attributes().get("sha256"));
            action = recorded ? Action.NOOP : Action.REUSE;
            if (!recorded) {
                reasons.add("model of training." + training + " is already packaged for " + target.id()
                        + ": reused");
            }
        } else {
            action = prior.isPresent() ? Action.REPLACE : Action.CREATE;
            reasons.add(prior.isPresent() ? "training." + training + " produced a new model: package it again for "
                    + target.id() : "package the model for " + target.id());
            reasons.add(target.os() + "/" + target.architecture()
                    + (target.accelerator() == null ? "" : " with " + target.accelerator())
                    + ", TensorFlow Java native build " + target.nativeClassifier()
                    + (runsHere(target) ? "" : " (cannot run on this machine; packaged for devices)"));
        }
        blockedBy(training, context).ifPresent(reasons::add);
        return new Change(desired.address(), action, reasons, prior.map(ResourceState::attributes).orElse(Map.of()),
                desired.attributes(), desired.dependsOn(), context.digest(desired.address()));
    }

    /** A failing gate of the training blocks this and everything after it. */
    static Optional<String> blockedBy(String training, PlanContext context) {
        Map<String, Object> out = context.outputsOf(Address.of("training", training));
        if (Boolean.FALSE.equals(out.get("gatesPassed"))) {
            List<String> failed = new ArrayList<>();
            if (out.get("gates") instanceof List<?> gates) {
                for (Object g : gates) {
                    if (g instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("passed"))) {
                        failed.add("'" + m.get("gate") + "': " + m.get("metric") + (m.get("value") == null
                                ? " is not reported by the model" : " is " + String.format(java.util.Locale.ROOT,
                                "%.4f", ((Number) m.get("value")).doubleValue()) + " on the " + m.get("source")
                                + " images"));
                    }
                }
            }
            return Optional.of("blocked: training." + training + " failed its gate " + String.join(", ", failed)
                    + "; nothing built from this model is compiled, published or deployed");
        }
        return Optional.empty();
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        CompileTarget target = CompileTarget.parse(String.valueOf(desired.attributes().get("target")));
        String training = String.valueOf(desired.attributes().get("training"));
        Optional<String> blocked = blockedBy(training, context);
        if (blocked.isPresent()) {
            throw new TargetException(desired.address() + ": " + blocked.get());
        }
        Path dir = dir(desired.address(), context);
        Observation seen = observeDir(dir);
        if (seen.exists()) {
            return new ApplyOutcome.Done(seen.attributes());
        }
        Map<String, Object> model = context.outputsOf(Address.of("training", training));
        if (model.get("modelDir") == null || !Files.isDirectory(Path.of(String.valueOf(model.get("modelDir"))))) {
            throw new TargetException(desired.address() + ": training." + training + " has no model yet; apply it first");
        }
        try {
            Folders.deleteTree(dir);
            Files.createDirectories(dir);
            Path zip = dir.resolve(training + "-" + target.id() + ".zip");
            ModelPackage.Packaged packed = ModelPackage.pack(Path.of(String.valueOf(model.get("modelDir"))),
                    dir.resolve("package"), zip);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("zip", zip.toString());
            out.put("sha256", packed.sha256());
            out.putAll(ModelPackage.targetRecord(target));
            out.put("runsHere", runsHere(target));
            String modelName = String.valueOf(model.get("modelName"));
            String modelVersion = String.valueOf(model.get("modelVersion"));
            out.put("modelName", modelName);
            out.put("modelVersion", modelVersion);
            out.put("anomalyThreshold", model.get("anomalyThreshold"));
            out.put("metrics", model.getOrDefault("metrics", Map.of()));
            TrainingHandler.write(dir.resolve(RECORD), out);
            context.progress().report(desired.address(), "packaged " + modelName + " " + modelVersion + " for "
                    + target.id() + " (" + Files.size(zip) / 1024 + " KiB)");
            return new ApplyOutcome.Done(out);
        } catch (IOException e) {
            throw new TargetException(desired.address() + ": cannot package the model: " + e.getMessage(), e);
        }
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        return new ApplyOutcome.Done(started.outputs());
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        Object zip = prior.outputs().get("zip");
        if (zip != null) {
            try {
                Folders.deleteTree(Path.of(String.valueOf(zip)).getParent());
            } catch (IOException e) {
                throw new TargetException("cannot delete " + zip + ": " + e.getMessage(), e);
            }
        }
    }

    static boolean runsHere(CompileTarget target) {
        try {
            return target == CompileTarget.host();
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
