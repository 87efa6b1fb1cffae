package dev.dda.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * SHA-256 of every file under a folder, by path relative to it ({@code normal/001.png}, '/' separated, sorted),
 * skipping dotfiles and dot-folders. Digests are cached in memory by absolute path, size and modification time,
 * so that planning twice in one process reads each image once.
 */
public final class FileDigests {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private FileDigests() {}

    public static TreeMap<String, String> of(Path folder) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).toList();
            for (Path file : files) {
                Path relative = folder.relativize(file);
                if (hidden(relative)) {
                    continue;
                }
                out.put(slashed(relative), sha256(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset folder " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }

    public static String sha256(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String key = file.toAbsolutePath() + "|" + a.fileKey() + "|" + a.size() + "|"
                + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        String cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String hex = HexFormat.of().formatHex(digest.digest());
        CACHE.put(key, hex);
        return hex;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashed(Path relative) {
        StringBuilder b = new StringBuilder();
        for (Path part : relative) {
            b.append(b.length() == 0 ? "" : "/").append(part);
        }
        return b.toString();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
