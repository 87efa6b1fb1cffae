package dev.dda.render;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Component versions derived from content. Greengrass takes only plain {@code MAJOR.MINOR.PATCH} (no pre-release,
 * no build metadata) and a version, once published, can never hold other content. So the version is
 * {@code MAJOR.H1.H2}: MAJOR from the spec (a deliberate, breaking change), H1 and H2 two numbers in [0, 99999]
 * taken from the SHA-256 of everything the component is built from (recipe template, model, artifacts,
 * configuration). The same inputs give the same version on every machine; any change gives another.
 *
 * <p>Collisions: H1.H2 spans 10^10 values. Among n versions of one component the chance that two share a version is
 * about n^2 / 2e10: 5e-5 after 1,000 versions, 5e-3 after 10,000. A collision cannot go unnoticed: the component
 * store refuses to publish a version that already exists with other content.
 *
 * <p>The order of these versions says nothing about age; deployments name exact versions, and model components
 * require the edge service by major version ({@code >=M.0.0 <M+1.0.0}), so nothing depends on that order.
 */
public final class ContentVersion {
    /** Per-part bound we emit; Greengrass' own per-part bound is higher (see {@link RecipeChecker}). */
    public static final int PART_MODULUS = 100_000;
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)");

    private ContentVersion() {}

    public static String of(int major, String contentDigestHex) {
        if (major < 0 || major >= PART_MODULUS) {
            throw new IllegalArgumentException("major version must be in [0, " + (PART_MODULUS - 1) + "]: " + major);
        }
        byte[] d = HexFormat.of().parseHex(contentDigestHex);
        if (d.length < 16) {
            throw new IllegalArgumentException("content digest must be at least 128 bits");
        }
        long h1 = new BigInteger(1, java.util.Arrays.copyOfRange(d, 0, 8)).mod(BigInteger.valueOf(PART_MODULUS))
                .longValue();
        long h2 = new BigInteger(1, java.util.Arrays.copyOfRange(d, 8, 16)).mod(BigInteger.valueOf(PART_MODULUS))
                .longValue();
        return major + "." + h1 + "." + h2;
    }

    /** SHA-256 over the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
    public static String digest(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isSemver(String v) {
        return v != null && SEMVER.matcher(v).matches();
    }
}
