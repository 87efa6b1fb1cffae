package dev.dda.target.local;

import dev.dda.manifest.DdaManifest;
import dev.dda.manifest.ManifestException;
import dev.dda.manifest.S3Uri;
import dev.dda.plan.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a labeling job's results live: in the dataset's bucket, next to the dataset rather than inside it
 * (so a dataset sync never sees them), one folder per content-addressed job:
 *
 * <pre>
 * s3://BUCKET/PARENT/manifests/LABELING/JOB/output.manifest       Ground Truth output manifest (JSON Lines)
 * s3://BUCKET/PARENT/manifests/LABELING/JOB/output-dda.manifest   DDA manifest (the training's input)
 * s3://BUCKET/PARENT/manifests/LABELING/JOB/.job.json             written last: the job finished
 * </pre>
 * where PARENT is the dataset prefix's parent ({@code datasets/} for {@code datasets/alien/}).
 */
record LabelingJob(String name, LocalTarget.BucketRef bucket, String keyPrefix) {
    static final String GT_MANIFEST = "output.manifest";
    static final String DDA_MANIFEST = "output-dda.manifest";
    private static final String DONE = ".job.json";
    private static final int MAX_NAME = 63;

    /** {@code LABELING-HASH8}, kept within Ground Truth's 63-character job-name limit. */
    static String jobName(String labeling, String digest) {
        String base = labeling.length() > MAX_NAME - 9 ? labeling.substring(0, MAX_NAME - 9) : labeling;
        return base + "-" + Digests.shortHex(digest, 8);
    }

    static LabelingJob of(String labeling, String jobName, LocalTarget.BucketRef bucket, String datasetPrefix) {
        return new LabelingJob(jobName, bucket, parent(datasetPrefix) + "manifests/" + labeling + "/" + jobName + "/");
    }

    /** {@code datasets/alien/} → {@code datasets/}; {@code alien/} → empty. */
    static String parent(String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "" : p.substring(0, slash + 1);
    }

    Path dir() {
        return bucket.prefixDir(keyPrefix);
    }

    Path gtManifest() {
        return dir().resolve(GT_MANIFEST);
    }

    Path ddaManifest() {
        return dir().resolve(DDA_MANIFEST);
    }

    S3Uri uri(String file) {
        return bucket.uri(keyPrefix + file);
    }

    /** The outputs recorded when the job finished, or empty when it never finished. */
    Optional<Map<String, Object>> finished() throws IOException {
        Path done = dir().resolve(DONE);
        return Files.isRegularFile(done) ? Optional.of(LocalFiles.readJsonObject(done)) : Optional.empty();
    }

    void markFinished(Map<String, Object> outputs) throws IOException {
        LocalFiles.writeJson(dir().resolve(DONE), outputs);
    }

    /** A finished job whose manifests were edited or removed afterwards is not reusable: say why. */
    Optional<String> damage() throws IOException {
        for (Path p : new Path[] {gtManifest(), ddaManifest()}) {
            if (!Files.isRegularFile(p)) {
                return Optional.of("labeling job " + name + " finished but " + p + " is gone");
            }
        }
        try {
            DdaManifest.read(ddaManifest());
            return Optional.empty();
        } catch (ManifestException e) {
            return Optional.of("the DDA manifest of labeling job " + name + " is no longer valid: "
                    + e.problems().get(0));
        }
    }
}
