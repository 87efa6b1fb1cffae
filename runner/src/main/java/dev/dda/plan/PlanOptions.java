package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to plan.
 *
 * @param specFile the spec file as the user named it (shown in the plan)
 * @param targets {@code --target} addresses; empty means everything
 * @param parallelism how many observe calls may run at once (they may be slow remote calls)
 */
public record PlanOptions(String pipeline, String specFile, String specHash, Path specDirectory, String gitCommit,
                          boolean gitDirty, Set<Address> targets, int parallelism, Progress progress) {
    public PlanOptions {
        targets = Set.copyOf(targets);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        progress = progress == null ? Progress.NONE : progress;
    }

    public static PlanOptions of(String pipeline, Path specFile, String specHash) {
        Path dir = specFile.toAbsolutePath().getParent();
        return new PlanOptions(pipeline, specFile.toString(), specHash, dir, null, false, Set.of(), 4, Progress.NONE);
    }

    public PlanOptions withTargets(Set<Address> t) {
        return new PlanOptions(pipeline, specFile, specHash, specDirectory, gitCommit, gitDirty, t, parallelism,
                progress);
    }

    public PlanOptions withGit(String commit, boolean dirty) {
        return new PlanOptions(pipeline, specFile, specHash, specDirectory, commit, dirty, targets, parallelism,
                progress);
    }
}
