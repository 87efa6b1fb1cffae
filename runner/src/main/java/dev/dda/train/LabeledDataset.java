package dev.dda.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads labeled images from a folder with {@code normal/} and {@code anomaly/} sub-folders, or from a DDA manifest
 * (JSON Lines: {@code {"source-ref": PATH_OR_FILE_URI, "anomaly-label": 0|1, ...}}; relative paths are relative to
 * the manifest). The result is sorted by path, so the same data gives the same order everywhere.
 */
public final class LabeledDataset {
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".pgm", ".ppm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabeledDataset() {}

    public static List<LabeledImage> read(Path source) throws TrainingException {
        if (Files.isDirectory(source)) {
            return fromFolders(source);
        }
        if (Files.isRegularFile(source)) {
            return fromManifest(source);
        }
        throw new TrainingException(source + ": no such folder or manifest file; give a folder with normal/ and"
                + " anomaly/ sub-folders or a DDA manifest (.jsonl)");
    }

    static List<LabeledImage> fromFolders(Path root) throws TrainingException {
        List<LabeledImage> all = new ArrayList<>();
        all.addAll(imagesIn(root.resolve("normal"), LabeledImage.NORMAL));
        all.addAll(imagesIn(root.resolve("anomaly"), LabeledImage.ANOMALY));
        return checked(sorted(all), root.toString());
    }

    private static List<LabeledImage> imagesIn(Path folder, int label) throws TrainingException {
        if (!Files.isDirectory(folder)) {
            throw new TrainingException(folder + ": missing; a data folder needs normal/ and anomaly/ sub-folders"
                    + " holding the images of each class");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(LabeledDataset::isImage)
                    .map(p -> new LabeledImage(p, label)).toList();
        } catch (IOException e) {
            throw new TrainingException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path p) {
        return isImage(p.getFileName().toString());
    }

    /**
     * Whether the trainer reads a file of this name as an image: one of {@link #imageSuffixes()}, and not hidden
     * (macOS leaves {@code ._NAME.png} beside files it copies, which holds no image).
     */
    public static boolean isImage(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".") && IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** The file name endings the trainer reads as images. */
    public static List<String> imageSuffixes() {
        return IMAGE_SUFFIXES;
    }

    static List<LabeledImage> fromManifest(Path manifest) throws TrainingException {
        return fromManifest(manifest, null, null);
    }

    /**
     * A manifest whose {@code s3://} references under {@code remotePrefix} were copied to {@code localRoot}
     * (keeping the rest of their keys), as SageMaker copies a channel's objects into its container.
     */
    public static List<LabeledImage> fromManifest(Path manifest, String remotePrefix, Path localRoot)
            throws TrainingException {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new TrainingException(manifest + ": cannot read: " + e.getMessage(), e);
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<LabeledImage> all = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                all.add(entry(lines.get(i), manifest + ":" + (i + 1) + ":1", base, remotePrefix, localRoot));
            }
        }
        return checked(sorted(all), manifest.toString());
    }

    private static LabeledImage entry(String line, String where, Path base, String remotePrefix, Path localRoot)
            throws TrainingException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TrainingException(where + ": not a JSON object: " + e.getOriginalMessage());
        }
        JsonNode ref = node == null ? null : node.get("source-ref");
        if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
            throw new TrainingException(where + ": \"source-ref\" is missing; expected the image path or file URI");
        }
        JsonNode label = node.get("anomaly-label");
        if (label == null || !label.isInt() || (label.asInt() != 0 && label.asInt() != 1)) {
            throw new TrainingException(where + ": \"anomaly-label\" is " + label
                    + "; expected 0 (normal) or 1 (anomaly)");
        }
        Path path = remotePrefix != null && ref.asText().startsWith(remotePrefix)
                ? localRoot.resolve(ref.asText().substring(remotePrefix.length())).normalize()
                : resolve(ref.asText(), where, base);
        if (!Files.isRegularFile(path)) {
            throw new TrainingException(where + ": image " + path + " does not exist");
        }
        return new LabeledImage(path, label.asInt());
    }

    private static Path resolve(String ref, String where, Path base) throws TrainingException {
        if (ref.startsWith("file:")) {
            return Path.of(URI.create(ref));
        }
        if (ref.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new TrainingException(where + ": source-ref " + ref + " is not a local file; the local trainer"
                    + " reads paths or file: URIs (sync s3:// data first)");
        }
        return base.resolve(ref).normalize();
    }

    private static List<LabeledImage> sorted(List<LabeledImage> all) {
        List<LabeledImage> copy = new ArrayList<>(all);
        copy.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
        return List.copyOf(copy);
    }

    private static List<LabeledImage> checked(List<LabeledImage> all, String where) throws TrainingException {
        long anomalies = all.stream().filter(i -> i.label() == LabeledImage.ANOMALY).count();
        long normals = all.size() - anomalies;
        if (normals < 2 || anomalies < 2) {
            throw new TrainingException(where + ": " + normals + " normal and " + anomalies
                    + " anomaly images; training needs at least 2 of each (better 20 or more)");
        }
        return all;
    }
}
