package dev.dda.edge.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * A verified model package on disk: {@code NAME/VERSION/manifest.json} plus {@code saved_model/}. Opening one
 * validates the manifest against its schema and checks the SHA-256 of every file, so a half-copied or tampered
 * package fails here with a message naming the file, before TensorFlow ever sees it.
 */
public record ModelPackage(Path dir, ModelManifest manifest) {

    public Path savedModelDir() {
        return dir.resolve(ModelManifest.SAVED_MODEL_DIR);
    }

    public static ModelPackage open(Path dir) throws ModelPackageException {
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelPackageException(dir + ": not a model package (no " + ModelManifest.FILE_NAME + ")");
        }
        ModelManifest manifest = ManifestCodec.read(manifestFile);
        checkFolderNames(dir, manifest);
        verifyFiles(dir, manifest.files());
        return new ModelPackage(dir, manifest);
    }

    /** The folder layout {@code NAME/VERSION} must agree with the manifest, or a repository would lie. */
    private static void checkFolderNames(Path dir, ModelManifest m) throws ModelPackageException {
        Path abs = dir.toAbsolutePath().normalize();
        Path versionDir = abs.getFileName();
        Path nameDir = abs.getParent() == null ? null : abs.getParent().getFileName();
        if (versionDir == null || nameDir == null || !versionDir.toString().equals(m.version())
                || !nameDir.toString().equals(m.name())) {
            // dda train writes version 1.0.0 unless told otherwise, so a package put under v1 lands here
            throw new ModelPackageException(dir + ": manifest says " + m.name() + "/" + m.version()
                    + " but the package folder is " + nameDir + "/" + versionDir + "; they must agree: move it to "
                    + m.name() + "/" + m.version() + " in the repository");
        }
    }

    private static void verifyFiles(Path dir, Map<String, String> expected) throws ModelPackageException {
        Map<String, String> actual;
        try {
            actual = FileDigests.of(dir);
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": cannot read package files: " + e.getMessage(), e);
        }
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        if (!missing.isEmpty()) {
            throw new ModelPackageException(dir + ": files listed in the manifest are missing: " + missing);
        }
        // everything TensorFlow reads lives under saved_model/, so every file there must be listed; files beside
        // it (the trainer's metrics.json, evaluation.png) are reports the server never reads, checked when listed
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        extra.removeIf(f -> !f.startsWith(ModelManifest.SAVED_MODEL_DIR + "/"));
        if (!extra.isEmpty()) {
            throw new ModelPackageException(dir + ": files not listed in the manifest: " + extra
                    + " (repackage with ModelPackageWriter)");
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String got = actual.get(e.getKey());
            if (!got.equals(e.getValue())) {
                throw new ModelPackageException(dir + ": SHA-256 mismatch for " + e.getKey() + ": manifest says "
                        + e.getValue() + ", file has " + got + " (corrupt or modified package)");
            }
        }
    }
}
