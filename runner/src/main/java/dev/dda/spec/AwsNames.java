package dev.dda.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/** AWS naming rules that a JSON Schema pattern cannot explain well. Each returns what is wrong, if anything. */
public final class AwsNames {
    /** dda appends "-" and an 8-character content hash to job names; SageMaker allows 63 characters. */
    public static final int JOB_HASH_SUFFIX = 9;
    public static final int MAX_JOB_NAME = 63;
    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");

    private AwsNames() {}

    /** The S3 general purpose bucket naming rules. */
    public static Optional<String> bucketProblem(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("is " + name.length() + (name.length() == 1 ? " character" : " characters")
                    + " long; S3 bucket names have 3 to 63");
        }
        if (!BUCKET_CHARS.matcher(name).matches()) {
            return Optional.of("holds " + (name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? "characters other than"
                    : "upper-case letters; S3 bucket names use only") + " lower-case letters, digits, '.' and '-'");
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            return Optional.of("must begin and end with a lower-case letter or digit");
        }
        if (name.contains("..")) {
            return Optional.of("must not hold two adjacent periods");
        }
        if (name.contains(".-") || name.contains("-.")) {
            return Optional.of("must not hold a period next to a hyphen");
        }
        if (IP.matcher(name).matches()) {
            return Optional.of("must not look like an IP address");
        }
        for (String prefix : new String[] {"xn--", "sthree-", "amzn-s3-demo-"}) {
            if (name.startsWith(prefix)) {
                return Optional.of("must not start with '" + prefix + "' (reserved by S3)");
            }
        }
        for (String suffix : new String[] {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
            if (name.endsWith(suffix)) {
                return Optional.of("must not end with '" + suffix + "' (reserved by S3)");
            }
        }
        return Optional.empty();
    }

    /** A labeling or training name, which becomes a job name once dda appends its content hash. */
    public static Optional<String> jobNameProblem(String name) {
        int max = MAX_JOB_NAME - JOB_HASH_SUFFIX;
        if (name.length() > max) {
            return Optional.of("is " + name.length() + " characters long; at most " + max + " fit, because dda appends "
                    + "a " + JOB_HASH_SUFFIX + "-character content hash and SageMaker job names have at most "
                    + MAX_JOB_NAME);
        }
        return Optional.empty();
    }

    /** A Greengrass component name of the spec (the edge service's name and AWS's own prefix are taken). */
    public static Optional<String> componentNameProblem(String name) {
        if (name.length() > 128) {
            return Optional.of("is " + name.length() + " characters long; Greengrass component names have at most 128");
        }
        if (name.equals("dda.EdgeService")) {
            return Optional.of("is the name of dda's own edge service component, which dda adds by itself; "
                    + "choose another name, such as com.example.detector");
        }
        if (name.startsWith("aws.")) {
            return Optional.of("starts with 'aws.', which is reserved for AWS's components; use your own prefix, "
                    + "such as com.example.");
        }
        return Optional.empty();
    }
}
