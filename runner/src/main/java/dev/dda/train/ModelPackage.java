package dev.dda.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.edge.model.ModelManifest;
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

/** Writes manifest.json last, listing the SHA-256 of every other file already in the package folder. */
final class ModelPackage {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelPackage() {}

    static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    /** The manifest for what is in {@code dir}; {@code files} is filled from the folder's contents. */
    static ModelManifest writeManifest(Path dir, ModelManifest withoutFiles) throws IOException {
        ModelManifest m = withoutFiles;
        ModelManifest complete = new ModelManifest(m.formatVersion(), m.name(), m.version(), m.signature(),
                m.inputName(), m.scoreOutput(), m.heatmapOutput(), m.input(), m.anomalyThreshold(), m.labels(),
                m.metrics(), m.sourceCommit(), m.createdAt(), digests(dir));
        writeJson(dir.resolve(ModelManifest.FILE_NAME), complete);
        return complete;
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
