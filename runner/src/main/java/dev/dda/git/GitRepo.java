package dev.dda.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Finds the repository a path lives in and maps paths to the repository-relative form git uses. */
final class GitRepo {
    private GitRepo() {}

    /** The repository whose work tree holds {@code path}, searching upwards like git does; empty outside one. */
    static Optional<Repository> find(Path path) {
        Path start = path.toAbsolutePath().normalize();
        while (start != null && !Files.isDirectory(start)) {
            start = start.getParent();
        }
        if (start == null) {
            return Optional.empty();
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(start.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try {
            Repository repo = builder.build();
            return repo.isBare() ? Optional.empty() : Optional.of(repo);
        } catch (IOException e) {
            throw new GitException("cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }

    static Repository open(Path path) {
        return find(path).orElseThrow(() -> new GitException(path.toAbsolutePath().normalize()
                + " is not inside a git work tree; --base and --since need the spec to be in a git repository"));
    }

    static Path workTree(Repository repo) {
        try {
            return repo.getWorkTree().toPath().toRealPath();
        } catch (IOException e) {
            throw new GitException("cannot resolve the work tree " + repo.getWorkTree() + ": " + e.getMessage(), e);
        }
    }

    /** {@code path} (absolute, or relative to the current directory) as a repository-relative path with '/'. */
    static String relative(Repository repo, Path path) {
        Path root = workTree(repo);
        Path abs = realish(path.toAbsolutePath().normalize());
        if (!abs.startsWith(root)) {
            throw new GitException(path + " is outside the git work tree " + root);
        }
        return slashes(root.relativize(abs));
    }

    static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /** The real path of the longest existing prefix, so that symlinked temp folders still relativize. */
    private static Path realish(Path abs) {
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
