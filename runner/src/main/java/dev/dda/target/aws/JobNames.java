package dev.dda.target.aws;

import dev.dda.plan.Digests;

/**
 * Content-addressed job names: {@code NAME-DIGEST8}, at most 63 characters of {@code [a-zA-Z0-9-]} as SageMaker
 * requires. The same inputs give the same name, so a re-plan finds the finished job instead of starting another;
 * changed inputs give a new name. Retries of a failed job add {@code -rN}.
 */
final class JobNames {
    static final int MAX = 63;

    private JobNames() {}

    /** {@code digest} as the engine gives it ({@code sha256:HEX}); the algorithm's name is not part of the job's. */
    static String of(String name, String digest) {
        String clean = name.replaceAll("[^a-zA-Z0-9-]", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        String suffix = "-" + Digests.shortHex(digest, 8);
        int room = MAX - suffix.length() - 3; // keep room for a -rN retry suffix
        return (clean.length() > room ? clean.substring(0, room) : clean) + suffix;
    }

    static String attempt(String base, int attempt) {
        return attempt <= 1 ? base : base + "-r" + attempt;
    }
}
