package dev.dda.edge.model;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a model package {@code REPO/NAME/VERSION/} from a SavedModel folder and the manifest's fields, computing
 * the file digests. The package is assembled in a temporary sibling folder and renamed into place, so a reader
 * (a server watching the repository) never sees half a package.
 */
public final class ModelPackageWriter {
    private ModelPackageWriter() {}

    /**
     * @param repository the model repository folder (created if missing)
     * @param fields the manifest; {@code files} is ignored and computed, null {@code formatVersion},
     *               {@code signature} and {@code createdAt} get defaults ("1", "serving_default", now)
     * @param savedModelDir a SavedModel as exported by {@code SavedModelBundle.exporter}
     * @return the written, verified package
     */
    public static ModelPackage write(Path repository, ModelManifest fields, Path savedModelDir)
            throws IOException, ModelPackageException {
        Path target = repository.resolve(fields.name()).resolve(fields.version());
        return writeTo(target, fields, savedModelDir);
    }

    /** Writes the package to exactly {@code packageDir}, whose last two segments must be NAME/VERSION. */
    public static ModelPackage writeTo(Path packageDir, ModelManifest fields, Path savedModelDir)
            throws IOException, ModelPackageException {
        if (!Files.isRegularFile(savedModelDir.resolve("saved_model.pb"))) {
            throw new ModelPackageException(savedModelDir + ": not a SavedModel (no saved_model.pb)");
        }
        if (Files.exists(packageDir)) {
            throw new FileAlreadyExistsException(packageDir.toString(), null,
                    "a package version is immutable; write a new version");
        }
        Files.createDirectories(packageDir.getParent());
        Path staging = Files.createTempDirectory(packageDir.getParent(), "." + packageDir.getFileName() + ".tmp-");
        try {
            copyTree(savedModelDir, staging.resolve(ModelManifest.SAVED_MODEL_DIR));
            Map<String, String> files = FileDigests.of(staging);
            ModelManifest manifest = complete(fields, files);
            // validate before publishing: a package the server would refuse is never written
            ManifestCodec.parse(ManifestCodec.toJson(manifest), packageDir + "/" + ModelManifest.FILE_NAME);
            ManifestCodec.write(manifest, staging.resolve(ModelManifest.FILE_NAME));
            Files.move(staging, packageDir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Folders.deleteTree(staging);
        }
        return ModelPackage.open(packageDir);
    }

    static ModelManifest complete(ModelManifest f, Map<String, String> files) {
        return new ModelManifest(
                f.formatVersion() == null ? "1" : f.formatVersion(), f.name(), f.version(),
                f.signature() == null ? "serving_default" : f.signature(), f.inputName(), f.scoreOutput(),
                f.heatmapOutput(), f.input(), f.anomalyThreshold(), f.labels(), f.metrics(), f.sourceCommit(),
                f.createdAt() == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS).toString() : f.createdAt(),
                files);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
