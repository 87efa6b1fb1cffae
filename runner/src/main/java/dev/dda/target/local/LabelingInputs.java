package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.FileDigests;
import dev.dda.graph.Resource;
import dev.dda.plan.Digests;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of one labeling, resolved against the spec and the target, with everything the local target cannot
 * do refused up front (so that plan, not apply, says so).
 *
 * @param labels as the spec lists them: a Ground Truth class index points into this list
 * @param normalFirst the same labels with the normal one first, as {@link dev.dda.manifest.ManifestTransform}
 *     reads them
 * @param manifest the Ground Truth manifest to import (with {@code from: manifest})
 */
record LabelingInputs(String from, List<String> labels, List<String> normalFirst, LocalTarget.BucketRef bucket,
                      String prefix, Optional<Path> manifest, Optional<String> manifestSha, LabelingJob job) {
    /** Where the graph builder records the imported manifest's SHA-256 among the attributes. */
    static final String GRAPH_MANIFEST_SHA = "manifestSha256";

    static LabelingInputs resolve(Resource desired, PlanContext context, LocalTarget target) throws TargetException {
        Map<String, Object> a = desired.attributes();
        String where = desired.address() + ": ";
        String from = checkedFrom(a, where);
        List<String> labels = Trees.strings(a, "labels");
        String normal = Trees.string(a, "normalLabel");
        checkLabels(labels, normal, where);
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
        Optional<Path> manifest = "manifest".equals(from) ? Optional.of(manifestPath(desired, context))
                : Optional.empty();
        Optional<String> sha = manifest.isPresent() ? Optional.of(sha256(manifest.get(), where)) : Optional.empty();
        String key = context.contentKey(desired.address());
        if (sha.isPresent() && a.get(GRAPH_MANIFEST_SHA) == null) {
            key = "sha256:" + Digests.sha256(key + "|" + sha.get()); // fold the manifest's bytes in ourselves
        }
        String name = desired.address().name();
        LabelingJob job = LabelingJob.of(name, LabelingJob.jobName(name, key), bucket, prefix);
        return new LabelingInputs(from, labels, normalFirst(labels, normal), bucket, prefix, manifest, sha, job);
    }

    /** The manifest as the user wrote it in the spec, so messages point at a file they know. */
    static String shown(Resource desired) {
        return Trees.string(desired.attributes(), "manifest");
    }

    private static String checkedFrom(Map<String, Object> a, String where) throws TargetException {
        String from = Trees.string(a, "from");
        String task = Trees.string(a, "task");
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
        return from;
    }

    private static void checkLabels(List<String> labels, String normal, String where) throws TargetException {
        if (labels.size() < 2) {
            throw new TargetException(where + "labels must list the normal class first, then the anomaly class(es), "
                    + "e.g. [normal, anomaly]; found " + labels);
        }
        if (normal != null && !normal.isEmpty() && !labels.contains(normal)) {
            throw new TargetException(where + "normalLabel '" + normal + "' is not one of the labels " + labels);
        }
    }

    private static Path manifestPath(Resource desired, PlanContext context) throws TargetException {
        String m = shown(desired);
        if (m == null) {
            throw new TargetException(desired.address() + ": from: manifest needs manifest: PATH, a Ground Truth "
                    + "output manifest (JSON Lines) relative to the spec file");
        }
        return context.specDirectory().resolve(m).toAbsolutePath().normalize();
    }

    private static String sha256(Path file, String where) throws TargetException {
        if (!Files.isRegularFile(file)) {
            throw new TargetException(where + "manifest file " + file + " does not exist");
        }
        try {
            return FileDigests.sha256(file);
        } catch (IOException e) {
            throw new TargetException(where + "cannot read " + file + ": " + e.getMessage(), e);
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
