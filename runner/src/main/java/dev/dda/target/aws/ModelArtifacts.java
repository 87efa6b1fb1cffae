package dev.dda.target.aws;

import dev.dda.packaging.ModelPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A finished training's {@code model.tar.gz} (what SageMaker makes of the container's {@code /opt/ml/model}) turned
 * back into the model package folder the packaging reads: unpacked safely (no entry may leave the folder, links are
 * skipped), then the one folder holding {@code manifest.json} and {@code saved_model/} is found, at the top or a
 * few levels down ({@code NAME/VERSION/}).
 */
final class ModelArtifacts {
    private static final int MAX_DEPTH = 4;

    private ModelArtifacts() {}

    static void untarGz(InputStream in, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                Path to = root.resolve(e.getName()).normalize();
                if (!to.startsWith(root)) {
                    throw new IOException("the archive entry '" + e.getName() + "' points outside the archive");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isFile()) {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to);
                }
            }
        }
    }

    /** The model package folder inside an unpacked archive. */
    static Path packageIn(Path unpacked, String source) throws IOException {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(unpacked, MAX_DEPTH)) {
            found = walk.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .map(Path::getParent).filter(d -> Files.isDirectory(d.resolve("saved_model"))).toList();
        }
        if (found.size() != 1) {
            throw new IOException(source + " holds " + (found.isEmpty() ? "no" : found.size()) + " model packages; "
                    + "expected exactly one folder with manifest.json and saved_model/ (as dda's trainer writes to "
                    + "/opt/ml/model)");
        }
        ModelPackage.readManifest(found.get(0));
        return found.get(0);
    }
}
