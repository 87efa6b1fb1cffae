package dev.dda.packaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.render.CompileTarget;
import dev.dda.render.ContentVersion;
import dev.dda.render.RecipeArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The edge service as Greengrass artifacts, built from {@code edge/target} (dda-edge.jar and lib/):
 * <ul>
 *   <li>{@code dda-edge-app.zip}: the jar and every library except TensorFlow's platform-specific native build,
 *       entries sorted, fixed timestamps, stored uncompressed (jars are compressed already). About 15 MB, written
 *       in well under a second, and only when an input jar changed (a cache keyed by the inputs' names, sizes and
 *       modification times); the same jars always give the same bytes, so the same component version;</li>
 *   <li>one native jar per platform ({@code tensorflow-core-native-V-CLASSIFIER.jar}, 160 MB for linux-x86_64):
 *       never zipped or copied, but hard-linked into the component store and the device, from the local Maven
 *       repository (an immutable file) when it is there. Its SHA-256 is computed once and cached by path, size
 *       and modification time.</li>
 * </ul>
 */
public final class EdgeDistribution {
    public static final String APP_ZIP = "dda-edge-app.zip";
    private static final Pattern NATIVE = Pattern.compile("tensorflow-core-native-(\\d[^-]*)-((?:linux|macosx|windows)-.+)\\.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path edgeTarget;
    private final Path mavenRepository;
    private final Path cacheDir;

    /**
     * @param edgeTarget the edge module's build folder (holding dda-edge.jar and lib/)
     * @param mavenRepository the local Maven repository (~/.m2/repository) where other platforms' native builds are
     */
    public EdgeDistribution(Path edgeTarget, Path mavenRepository, Path cacheDir) {
        this.edgeTarget = edgeTarget;
        this.mavenRepository = mavenRepository;
        this.cacheDir = cacheDir;
    }

    /** Finds edge/target from DDA_HOME (set by bin/dda) or the working directory and its parents. */
    public static Path locateEdgeTarget(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        if (env.get("DDA_HOME") != null) {
            candidates.add(Path.of(env.get("DDA_HOME")).resolve("edge/target"));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve("edge/target"));
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("dda-edge.jar"))).findFirst()
                .orElse(candidates.get(0));
    }

    public static Path defaultMavenRepository(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".m2", "repository");
    }

    /**
     * The app ZIP and its artifact description. With {@code write} false (planning, which must not write) the ZIP
     * is only streamed through SHA-256 unless the cache already has it, and the file of the result is null.
     */
    public Built app(boolean write) throws IOException {
        Path jar = edgeTarget.resolve("dda-edge.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(edgeTarget.resolve("lib"))) {
            throw new IOException("the edge service is not built: " + jar + " or its lib/ is missing; build it with "
                    + "'mvn -q -DskipTests package' in the repository");
        }
        Map<String, Path> entries = new TreeMap<>();
        entries.put("dda-edge.jar", jar);
        try (Stream<Path> libs = Files.list(edgeTarget.resolve("lib"))) {
            libs.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !NATIVE.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> entries.put("lib/" + p.getFileName(), p));
        }
        StringBuilder key = new StringBuilder();
        for (Map.Entry<String, Path> e : entries.entrySet()) {
            key.append(e.getKey()).append(':').append(Files.size(e.getValue())).append(':')
                    .append(Files.getLastModifiedTime(e.getValue()).toMillis()).append('\n');
        }
        Path dir = cacheDir.resolve("edge-app").resolve(ContentVersion.digest(key.toString()).substring(0, 24));
        Path zip = dir.resolve(APP_ZIP);
        Path shaFile = dir.resolve(APP_ZIP + ".sha256");
        if (!Files.isRegularFile(shaFile) && !write) {
            try (java.security.DigestOutputStream digest = new java.security.DigestOutputStream(
                    java.io.OutputStream.nullOutputStream(), MessageDigest.getInstance("SHA-256"))) {
                writeZip(entries, digest);
                return new Built(new RecipeArtifact(APP_ZIP, HexFormat.of().formatHex(digest.getMessageDigest().digest())),
                        null);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!Files.isRegularFile(shaFile)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "app", ".zip");
            try (java.io.OutputStream os = Files.newOutputStream(tmp)) {
                writeZip(entries, os);
            }
            Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            zip.toFile().setReadable(true, false); // a temp file is owner-only; devices may run as another user
            Files.writeString(shaFile, sha256(zip));
        }
        return new Built(new RecipeArtifact(APP_ZIP, Files.readString(shaFile).trim()), zip);
    }

    /**
     * The native build for a platform, or empty when it is neither in lib/ nor in the local Maven repository. Its
     * digest is cached (only when {@code write}: planning reads the cache but never writes it).
     */
    public Optional<Built> nativeFor(CompileTarget target, boolean write) throws IOException {
        String version = tensorflowVersion();
        String fileName = "tensorflow-core-native-" + version + "-" + target.nativeClassifier() + ".jar";
        Path inRepo = mavenRepository.resolve("org/tensorflow/tensorflow-core-native").resolve(version).resolve(fileName);
        Path inLib = edgeTarget.resolve("lib").resolve(fileName);
        Path file = Files.isRegularFile(inRepo) ? inRepo : Files.isRegularFile(inLib) ? inLib : null;
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(new Built(new RecipeArtifact(fileName, cachedSha256(file, write)), file));
    }

    /** The TensorFlow Java version the edge service was built with (from its lib/ folder). */
    public String tensorflowVersion() throws IOException {
        try (Stream<Path> libs = Files.list(edgeTarget.resolve("lib"))) {
            return libs.map(p -> NATIVE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).findFirst().orElseThrow(() -> new IOException(
                            "no TensorFlow native build in " + edgeTarget.resolve("lib")));
        }
    }

    /** A built artifact: what the recipe says of it and the file behind it. */
    public record Built(RecipeArtifact artifact, Path file) {
    }

    private String cachedSha256(Path file, boolean write) throws IOException {
        Path cacheFile = cacheDir.resolve("digests.json");
        Map<String, String> cache = Files.isRegularFile(cacheFile)
                ? JSON.readValue(cacheFile.toFile(), new TypeReference<TreeMap<String, String>>() { })
                : new TreeMap<>();
        String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        String sha = cache.get(key);
        if (sha == null) {
            sha = sha256(file);
            if (!write) {
                return sha;
            }
            cache.put(key, sha);
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "digests", ".json");
            JSON.writeValue(tmp.toFile(), cache);
            Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return sha;
    }

    private static void writeZip(Map<String, Path> entries, java.io.OutputStream sink) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(new java.io.FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller closes the sink
            }
        })) {
            out.setLevel(Deflater.NO_COMPRESSION);
            for (Map.Entry<String, Path> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(315532800000L); // 1980-01-01, the zip epoch: same bytes for the same jars
                out.putNextEntry(entry);
                Files.copy(e.getValue(), out);
                out.closeEntry();
            }
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
