package dev.dda.apply;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to apply.
 *
 * @param parallelism how many resources may be applied at once
 * @param noWait start long-running jobs and leave them to a later run instead of waiting
 * @param leaseTtl how long the lock lease lasts between renewals (renewed every third of it)
 * @param operation what the lease says we are doing: apply, destroy
 * @param specDirectory the spec file's folder, for handlers resolving relative paths
 * @param interruption set from outside to stop the apply early and cleanly
 */
public record ApplyOptions(int parallelism, boolean noWait, Duration leaseTtl, String operation,
                           Path specDirectory, String gitCommit, Interruption interruption) {
    public static final int DEFAULT_PARALLELISM = 4;

    public ApplyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
        }
        if (leaseTtl.isZero() || leaseTtl.isNegative()) {
            throw new IllegalArgumentException("lease ttl must be positive");
        }
    }

    public static ApplyOptions defaults(Path specDirectory) {
        return new ApplyOptions(DEFAULT_PARALLELISM, false, Duration.ofMinutes(5), "apply", specDirectory, null,
                new Interruption());
    }

    public ApplyOptions withParallelism(int n) {
        return new ApplyOptions(n, noWait, leaseTtl, operation, specDirectory, gitCommit, interruption);
    }

    public ApplyOptions withNoWait(boolean w) {
        return new ApplyOptions(parallelism, w, leaseTtl, operation, specDirectory, gitCommit, interruption);
    }

    public ApplyOptions withOperation(String op) {
        return new ApplyOptions(parallelism, noWait, leaseTtl, op, specDirectory, gitCommit, interruption);
    }

    public ApplyOptions withGitCommit(String commit) {
        return new ApplyOptions(parallelism, noWait, leaseTtl, operation, specDirectory, commit, interruption);
    }

    public ApplyOptions withLeaseTtl(Duration ttl) {
        return new ApplyOptions(parallelism, noWait, ttl, operation, specDirectory, gitCommit, interruption);
    }
}
