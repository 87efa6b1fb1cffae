package dev.dda.render;

import java.util.Base64;
import java.util.HexFormat;

/**
 * A file a recipe points at, pinned by content.
 *
 * @param fileName the artifact's file name (the last segment of its URI, and its name on the device)
 * @param sha256Hex SHA-256 of the file, hex
 */
public record RecipeArtifact(String fileName, String sha256Hex) {
    public RecipeArtifact {
        if (fileName == null || !fileName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("artifact file name must be a plain file name: " + fileName);
        }
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("artifact digest must be 64 lower-case hex digits: " + sha256Hex);
        }
    }

    /** Greengrass' form of the digest: base64 of the raw SHA-256. */
    public String digestBase64() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }

    /** The file name without {@code .zip}: the folder Greengrass unpacks a ZIP artifact into. */
    public String baseName() {
        return fileName.endsWith(".zip") ? fileName.substring(0, fileName.length() - 4) : fileName;
    }
}
