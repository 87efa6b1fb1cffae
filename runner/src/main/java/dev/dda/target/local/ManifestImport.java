package dev.dda.target.local;

import dev.dda.manifest.GroundTruthManifest;
import dev.dda.manifest.ManifestException;
import dev.dda.manifest.ManifestProblem;
import dev.dda.manifest.S3Uri;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Imports an existing Ground Truth output manifest: every line checked, every image it names must exist locally. */
final class ManifestImport {
    private ManifestImport() {}

    static GroundTruthManifest read(Path file, String shownAs) throws TargetException {
        if (!Files.isRegularFile(file)) {
            throw new TargetException("manifest file " + file + " does not exist");
        }
        try {
            return GroundTruthManifest.parse(shownAs, Files.readString(file));
        } catch (IOException e) {
            throw new TargetException("cannot read manifest " + file + ": " + e.getMessage(), e);
        } catch (ManifestException e) {
            throw new TargetException("manifest " + shownAs + " cannot be imported:\n" + e.getMessage(), e);
        }
    }

    /** The images a manifest names must be in a local bucket, or training would fail much later. */
    static void checkImagesExist(GroundTruthManifest m, LocalTarget target, String shownAs) throws TargetException {
        List<ManifestProblem> problems = new ArrayList<>();
        for (GroundTruthManifest.Entry e : m.entries()) {
            check(target, shownAs, e.line(), "source-ref", e.sourceRef(), problems);
            if (e.mask().isPresent()) {
                check(target, shownAs, e.line(), e.mask().get().attribute(), e.mask().get().ref(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new TargetException("manifest " + shownAs + " names images that are not there:\n"
                    + new ManifestException(problems).getMessage());
        }
    }

    private static void check(LocalTarget target, String file, int line, String key, S3Uri ref,
                              List<ManifestProblem> problems) throws TargetException {
        Optional<Path> p = target.objectPath(ref);
        if (p.isEmpty()) {
            problems.add(new ManifestProblem(file, line, key + " " + ref + ": no local bucket is named "
                    + ref.bucket()));
        } else if (!Files.isRegularFile(p.get())) {
            problems.add(new ManifestProblem(file, line, key + " " + ref + ": no such object (looked for "
                    + p.get() + ")"));
        }
    }
}
