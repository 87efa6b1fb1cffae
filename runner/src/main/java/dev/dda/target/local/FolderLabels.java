package dev.dda.target.local;

import dev.dda.manifest.GroundTruthManifest;
import dev.dda.target.TargetException;
import dev.dda.train.LabeledDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Labels from folder names: every image under {@code PREFIX/CLASS/…} gets the label {@code CLASS}, which must
 * be one of the spec's labels. Files that are not images (an ATTRIBUTION.md, say) are left out; images are what
 * the local trainer reads, raw PGM/PPM camera frames included.
 */
final class FolderLabels {
    static final String LABEL_ATTRIBUTE = "class";

    private FolderLabels() {}

    static GroundTruthManifest label(LocalTarget.BucketRef bucket, String prefix, List<String> labels,
                                     String jobName, String creationDate) throws TargetException {
        Path root = bucket.prefixDir(prefix);
        List<GroundTruthManifest.Entry> entries = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        List<String> loose = new ArrayList<>();
        for (String rel : images(root)) {
            int slash = rel.indexOf('/');
            if (slash < 0) {
                loose.add(rel);
                continue;
            }
            String label = rel.substring(0, slash);
            int index = labels.indexOf(label);
            if (index < 0) {
                unknown.add(label);
                continue;
            }
            entries.add(new GroundTruthManifest.Entry(0, bucket.uri(prefix + rel), index,
                    new GroundTruthManifest.LabelMetadata(label, 1.0, true, creationDate,
                            GroundTruthManifest.CLASSIFICATION, "labeling-job/" + jobName), java.util.Optional.empty()));
        }
        String where = bucket.uri(prefix).toString();
        if (!unknown.isEmpty()) {
            throw new TargetException("folders " + unknown + " under " + where + " are not among the labels " + labels
                    + "; rename the folders or add them to labels");
        }
        if (!loose.isEmpty()) {
            throw new TargetException("images directly under " + where + " have no class folder (e.g. "
                    + FileSetDiff.names(loose) + "); put each image in a folder named after its label " + labels);
        }
        if (entries.isEmpty()) {
            throw new TargetException("no images under " + where + " (looked for " + LabeledDataset.imageSuffixes()
                    + " files in the folders " + labels + ")");
        }
        return new GroundTruthManifest(LABEL_ATTRIBUTE, entries);
    }

    private static List<String> images(Path root) throws TargetException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> LocalFiles.relative(root, p))
                    .filter(FolderLabels::isImage).sorted().toList();
        } catch (IOException e) {
            throw new TargetException("cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean isImage(String rel) {
        return LabeledDataset.isImage(rel.substring(rel.lastIndexOf('/') + 1));
    }
}
