package dev.dda.manifest;

import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/key} URI, parsed by its structure rather than by stripping characters: the DDA portal's
 * {@code lstrip('s3://')} strips a character set and turns {@code s3://sagemaker-x/…} into {@code agemaker-x}
 * and {@code s3://3dprint/…} into {@code dprint}. Keys are kept byte for byte (a key may contain {@code //}).
 */
public record S3Uri(String bucket, String key) {
    private static final String SCHEME = "s3://";
    /** S3 bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Uri {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name (3-63 lower-case "
                    + "letters, digits, dots and hyphens, starting and ending with a letter or digit)");
        }
        if (key == null) {
            key = "";
        }
    }

    /**
     * Parses {@code s3://bucket/key}. Throws IllegalArgumentException with a message that says what is wrong
     * and what would be right; a doubled scheme ({@code s3://s3://b/k}) is rejected, not silently "repaired".
     */
    public static S3Uri parse(String text) {
        if (text == null || !text.startsWith(SCHEME)) {
            throw new IllegalArgumentException("'" + text + "' is not an S3 URI; expected s3://BUCKET/KEY");
        }
        String rest = text.substring(SCHEME.length());
        if (rest.startsWith(SCHEME) || rest.startsWith("s3:/")) {
            throw new IllegalArgumentException("'" + text + "' repeats the s3:// scheme; expected s3://BUCKET/KEY");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no bucket name; expected s3://BUCKET/KEY");
        }
        try {
            return new S3Uri(bucket, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /** The same URI for an object key: the key must name an object, not the bucket itself. */
    public static S3Uri parseObject(String text) {
        S3Uri uri = parse(text);
        if (uri.key.isEmpty() || uri.key.endsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' names a folder, not an object; expected "
                    + "s3://BUCKET/KEY with a file name at the end");
        }
        return uri;
    }

    public static S3Uri of(String bucket, String key) {
        return new S3Uri(bucket, key);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
