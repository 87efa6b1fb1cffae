package dev.dda.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.edge.model.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A trained model package ({@code manifest.json} and {@code saved_model/}) made deployable, the same way on every
 * target: the deployable part only, zipped as {@code NAME/VERSION/...} with entries sorted and fixed timestamps, so
 * the same model always gives the same bytes, hence the same SHA-256 and the same component version.
 */
public final class ModelPackage {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** 1980-01-01, the zip epoch: entry times never change the bytes. */
    private static final long ZIP_EPOCH = 315532800000L;

    private ModelPackage() {}

    /** What a packaged model is: its ZIP, that ZIP's digest and what its manifest says. */
    public record Packaged(Path zip, String sha256, String modelName, String modelVersion, Object anomalyThreshold,
                           Object metrics) {
        /** The compile record's common part, as both targets store it. */
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sha256", sha256);
            out.put("modelName", modelName);
            out.put("modelVersion", modelVersion);
            if (anomalyThreshold != null) {
                out.put("anomalyThreshold", anomalyThreshold);
            }
            out.put("metrics", metrics == null ? Map.of() : metrics);
            return out;
        }
    }

    /** What a compile target means on a device, recorded with the packaged model. */
    public static Map<String, Object> targetRecord(dev.dda.render.CompileTarget target) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", target.id());
        out.put("os", target.os());
        out.put("architecture", target.architecture());
        if (target.accelerator() != null) {
            out.put("accelerator", target.accelerator());
        }
        out.put("nativeClassifier", target.nativeClassifier());
        return out;
    }

    /** Packages {@code trained} (a folder with manifest.json and saved_model/) as {@code zip}, using {@code work}. */
    public static Packaged pack(Path trained, Path work, Path zip) throws IOException {
        Map<String, Object> manifest = readManifest(trained);
        Path deployable = deployable(trained, work);
        String name = String.valueOf(manifest.get("name"));
        String version = String.valueOf(manifest.get("version"));
        zip(deployable, name + "/" + version + "/", zip);
        return new Packaged(zip, EdgeDistribution.sha256(zip), name, version, manifest.get("anomalyThreshold"),
                manifest.getOrDefault("metrics", Map.of()));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readManifest(Path trained) throws IOException {
        Path file = trained.resolve("manifest.json");
        if (!Files.isRegularFile(file) || !Files.isDirectory(trained.resolve("saved_model"))) {
            throw new IOException(trained + " is not a model package: it needs manifest.json and saved_model/");
        }
        Map<String, Object> m = JSON.readValue(file.toFile(), Map.class);
        if (m.get("name") == null || m.get("version") == null) {
            throw new IOException(file + " names no model: 'name' and 'version' are required");
        }
        return m;
    }

    /**
     * The deployable part of a trained package: {@code manifest.json} and {@code saved_model/}, without the
     * training reports (metrics.json, evaluation.png) that devices never read; the manifest's file digests are
     * narrowed to match, so the server's integrity check covers exactly what is shipped. Hard links, no copies.
     */
    public static Path deployable(Path trained, Path out) throws IOException {
        Folders.deleteTree(out);
        Path saved = trained.resolve("saved_model");
        try (Stream<Path> walk = Files.walk(saved)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                linkOrCopy(f, out.resolve(trained.relativize(f).toString()));
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(trained.resolve("manifest.json").toFile());
        if (manifest.get("files") instanceof ObjectNode files) {
            List<String> drop = new ArrayList<>();
            files.fieldNames().forEachRemaining(n -> {
                if (!n.startsWith("saved_model/")) {
                    drop.add(n);
                }
            });
            files.remove(drop);
        }
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("manifest.json").toFile(), manifest);
        return out;
    }

    /** A ZIP whose bytes depend only on the files' names and contents. */
    public static void zip(Path folder, String prefix, Path zip) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put(prefix + folder.relativize(f).toString()
                    .replace('\\', '/'), f));
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, Path> e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(ZIP_EPOCH);
                out.putNextEntry(entry);
                Files.copy(e.getValue(), out);
                out.closeEntry();
            }
        }
    }

    /** A hard link where the file system allows one (packages are large and immutable), else a copy. */
    public static void linkOrCopy(Path src, Path dst) throws IOException {
        Files.createDirectories(dst.getParent());
        Files.deleteIfExists(dst);
        try {
            Files.createLink(dst, src);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
