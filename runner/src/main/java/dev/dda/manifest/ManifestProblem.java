package dev.dda.manifest;

/**
 * One thing wrong with a manifest, where it is: {@code manifest.jsonl:12: anomaly-label must be 0 or 1, found
 * "yes"}. Line 0 means the file as a whole.
 */
public record ManifestProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
