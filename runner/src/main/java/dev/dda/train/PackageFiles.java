package dev.dda.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.edge.model.ManifestCodec;
import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.model.ModelPackageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes manifest.json last, through the edge's {@link ManifestCodec} (schema-checked), listing the SHA-256 of
 * every other file of the package (saved_model/, metrics.json, evaluation.png) as the edge's verifier expects.
 */
final class PackageFiles {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PackageFiles() {}

    static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    /** The manifest for what is in {@code dir}; {@code files} is filled from the folder's contents. */
    static ModelManifest writeManifest(Path dir, ModelManifest withoutFiles) throws IOException, TrainingException {
        ModelManifest m = withoutFiles;
        ModelManifest complete = new ModelManifest(m.formatVersion(), m.name(), m.version(), m.signature(),
                m.inputName(), m.scoreOutput(), m.heatmapOutput(), m.input(), m.anomalyThreshold(), m.labels(),
                m.metrics(), m.sourceCommit(), m.createdAt(), digests(dir));
        check(complete);
        ManifestCodec.write(complete, dir.resolve(ModelManifest.FILE_NAME));
        return complete;
    }

    /**
     * Refuses a manifest the edge would refuse (name, version, source commit, ...) with the schema's reason;
     * the trainer checks a draft before training so that a bad name costs nothing.
     */
    static void check(ModelManifest manifest) throws TrainingException {
        ModelManifest m = manifest.files().isEmpty() ? new ModelManifest(manifest.formatVersion(), manifest.name(),
                manifest.version(), manifest.signature(), manifest.inputName(), manifest.scoreOutput(),
                manifest.heatmapOutput(), manifest.input(), manifest.anomalyThreshold(), manifest.labels(),
                manifest.metrics(), manifest.sourceCommit(), manifest.createdAt(),
                Map.of(ModelManifest.SAVED_MODEL_DIR + "/saved_model.pb", "0".repeat(64))) : manifest;
        try {
            ManifestCodec.parse(ManifestCodec.toJson(m), ModelManifest.FILE_NAME);
        } catch (ModelPackageException e) {
            throw new TrainingException("the model package would be invalid: " + e.getMessage(), e);
        }
    }

    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(Files::isRegularFile).toList();
        }
        for (Path p : all) {
            String rel = dir.relativize(p).toString().replace('\\', '/');
            if (!rel.equals(ModelManifest.FILE_NAME)) {
                files.put(rel, sha256(p));
            }
        }
        return files;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
