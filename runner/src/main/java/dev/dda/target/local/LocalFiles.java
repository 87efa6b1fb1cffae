package dev.dda.target.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.graph.FileDigests;
import dev.dda.state.ResourceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** File operations of the local target: atomic writes, content hashes, folder walks, JSON files. */
final class LocalFiles {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private LocalFiles() {}

    /** Work on a recorded folder; I/O errors become a TargetException naming the resource and the folder. */
    @FunctionalInterface
    interface FolderWork {
        void run(Path dir) throws IOException, dev.dda.target.TargetException;
    }

    /** Runs {@code work} on the folder the resource was applied to; nothing when it never recorded one. */
    static void atRecordedPath(ResourceState prior, String what, FolderWork work)
            throws dev.dda.target.TargetException {
        Optional<Path> dir = recordedPath(prior);
        if (dir.isEmpty()) {
            return;
        }
        try {
            work.run(dir.get());
        } catch (IOException e) {
            throw new dev.dda.target.TargetException(prior.address() + ": cannot " + what + " " + dir.get() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The folder a resource occupied when it was applied: every local handler reports it as output "path". */
    static Optional<Path> recordedPath(ResourceState state) {
        Object p = state.outputs().get("path");
        return p == null ? Optional.empty() : Optional.of(Path.of(String.valueOf(p)));
    }

    /** Writes through a temporary sibling and a rename, so a crash never leaves a half-written file. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeJson(Path file, Object value) throws IOException {
        writeAtomically(file, JSON.writeValueAsBytes(value));
    }

    static Map<String, Object> readJsonObject(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
    }

    /**
     * Copies {@code source} to {@code target} atomically when its bytes hash to {@code expectedSha256}; otherwise
     * leaves {@code target} as it was and returns false (the source changed after the plan hashed it).
     */
    static boolean copyVerified(Path source, Path target, String expectedSha256) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), md)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!HexFormat.of().formatHex(md.digest()).equalsIgnoreCase(expectedSha256)) {
                return false;
            }
            move(tmp, target);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Regular files under a folder by their '/'-separated relative path, with their SHA-256 (through
     * {@link FileDigests}, which remembers digests by size and mtime, so a plan followed by an apply in one process
     * reads each file once). With {@code skipHidden}, names starting with '.' are left out, as the graph does
     * for a dataset's source.
     */
    static SortedMap<String, String> hashTree(Path dir, boolean skipHidden) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = relative(dir, p);
                if (Files.isRegularFile(p) && !(skipHidden && hidden(rel)) && !isTemporary(p)) {
                    out.put(rel, FileDigests.sha256(p));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /**
     * A temporary file of {@link #writeAtomically} or {@link #copyVerified} that a killed apply left behind: not
     * an object, and removed by the next sync.
     */
    static boolean isTemporary(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }

    static void deleteTemporaries(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.filter(LocalFiles::isTemporary)::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean hidden(String rel) {
        for (String part : rel.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a folder holds any regular file (hidden ones included), looking no further than needed. */
    static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(Files::isRegularFile);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Removes empty folders from {@code dir} up to (not including) {@code stop}. */
    static void pruneEmptyParents(Path dir, Path stop) throws IOException {
        Path p = dir;
        while (p != null && p.startsWith(stop) && !p.equals(stop) && Files.isDirectory(p)) {
            try (Stream<Path> list = Files.list(p)) {
                if (list.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(p);
            p = p.getParent();
        }
    }
}
