package dev.dda.target.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file to sync and the ETag S3 will give it: the hex MD5 for a single-part upload, and for a multipart upload
 * (above {@link #PART_SIZE}) the MD5 of the parts' MD5s with {@code -N}, as S3 computes it, so one listing tells
 * which files changed without a HEAD per object. The SHA-256 goes into the object's metadata.
 */
record LocalFile(String relpath, Path path, long size, String sha256, String etag) {
    static final long PART_SIZE = 8L * 1024 * 1024;

    boolean multipart() {
        return size > PART_SIZE;
    }

    static LocalFile of(String relpath, Path path) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            MessageDigest whole = MessageDigest.getInstance("MD5");
            MessageDigest part = MessageDigest.getInstance("MD5");
            MessageDigest partsOfParts = MessageDigest.getInstance("MD5");
            long size = Files.size(path);
            int parts = 0;
            long inPart = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(path)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    int off = 0;
                    while (off < n) {
                        int take = (int) Math.min(n - off, PART_SIZE - inPart);
                        sha.update(buf, off, take);
                        whole.update(buf, off, take);
                        part.update(buf, off, take);
                        inPart += take;
                        off += take;
                        if (inPart == PART_SIZE) {
                            partsOfParts.update(part.digest());
                            parts++;
                            inPart = 0;
                        }
                    }
                }
            }
            if (inPart > 0) {
                partsOfParts.update(part.digest());
                parts++;
            }
            HexFormat hex = HexFormat.of();
            String etag = size > PART_SIZE ? hex.formatHex(partsOfParts.digest()) + "-" + parts
                    : hex.formatHex(whole.digest());
            return new LocalFile(relpath, path, size, hex.formatHex(sha.digest()), etag);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
