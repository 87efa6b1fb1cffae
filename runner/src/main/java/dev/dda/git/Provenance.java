package dev.dda.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Where applied resources come from: the commit checked out and whether the work tree differs from it. Goes into
 * plans ({@code planned_against.git_commit}), state, resource tags and component metadata, so that anything in
 * the target can be traced back to a reviewed commit (or flagged when it was applied from uncommitted edits).
 *
 * @param commit the full commit id, or null outside a git work tree (or before the first commit)
 * @param dirty true when tracked files have uncommitted changes (like {@code git describe --dirty}; untracked
 *     files do not count)
 */
public record Provenance(String commit, boolean dirty) {
    public static final Provenance NONE = new Provenance(null, false);

    /** The provenance of the work tree holding {@code path}; {@link #NONE} outside git. Never throws. */
    public static Provenance detect(Path path) {
        Optional<Repository> found;
        try {
            found = GitRepo.find(path);
        } catch (GitException e) {
            return NONE;
        }
        if (found.isEmpty()) {
            return NONE;
        }
        try (Repository repo = found.get(); Git git = Git.wrap(repo)) {
            ObjectId head = repo.resolve("HEAD^{commit}");
            if (head == null) {
                return NONE;
            }
            boolean dirty = git.status().call().hasUncommittedChanges();
            return new Provenance(head.getName(), dirty);
        } catch (IOException | GitAPIException | RuntimeException e) {
            return NONE;
        }
    }

    public boolean known() {
        return commit != null;
    }

    /** Twelve characters, git's usual abbreviation for display; null when unknown. */
    public String shortCommit() {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }

    /**
     * {@code 0123456789ab} or {@code 0123456789ab-dirty}: fits an AWS tag value (≤ 256 chars, no spaces) and a
     * Greengrass component's metadata; {@code unknown} outside git.
     */
    public String label() {
        return commit == null ? "unknown" : shortCommit() + (dirty ? "-dirty" : "");
    }

    /**
     * The full commit, with {@code -dirty} when applied from uncommitted edits: what targets write into resource
     * tags, state and component metadata (46 characters at most, within AWS's 256 for a tag value); null outside git.
     */
    public String tagValue() {
        return commit == null ? null : commit + (dirty ? "-dirty" : "");
    }
}
