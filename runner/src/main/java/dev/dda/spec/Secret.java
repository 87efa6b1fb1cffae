package dev.dda.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A secret value from {@code ${env:NAME}} or {@code ${file:PATH}}. Its value never leaves this class through
 * toString, JSON or logs: everything that renders shows {@link #redacted()}, a short stable hash, so that a
 * reviewer still sees that a secret changed without seeing it.
 */
public final class Secret {
    private final String reference;
    private final String value;

    public Secret(String reference, String value) {
        this.reference = reference;
        this.value = value;
    }

    /** The reference as written in the spec, such as {@code ${env:USECASE_EXTERNAL_ID}}. */
    public String reference() {
        return reference;
    }

    /** The secret itself: only for the call that sends it (an STS AssumeRole, say). */
    public String reveal() {
        return value;
    }

    /** {@code (secret sha256:1a2b3c4d)}: stable for a value, different when the value changes. */
    public String redacted() {
        return "(secret " + fingerprint() + ")";
    }

    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("dda-secret:" + value).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value) && s.reference.equals(reference);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
