package dev.dda.cli;

import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The commit a spec comes from, for "planned against" and resource tags; nothing outside a git work tree. */
record GitInfo(String commit, boolean dirty) {
    static final GitInfo NONE = new GitInfo(null, false);

    static GitInfo of(Path specDirectory) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(specDirectory.toFile());
        if (builder.getGitDir() == null) {
            return NONE;
        }
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return NONE;
            }
            return new GitInfo(head.getName(), !git.status().call().isClean());
        } catch (Exception | LinkageError e) {
            return NONE; // git facts are a courtesy; planning never fails for them
        }
    }
}
