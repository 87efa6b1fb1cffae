package dev.dda.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A throw-away git repository built with JGit, so tests need no git binary. */
public final class TestRepo implements AutoCloseable {
    private final Git git;
    private final Path root;

    private TestRepo(Git git, Path root) {
        this.git = git;
        this.root = root;
    }

    public static TestRepo init(Path dir) throws GitAPIException, IOException {
        Files.createDirectories(dir);
        return new TestRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
    }

    public Path root() {
        return root;
    }

    public Path write(String path, String text) throws IOException {
        return write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public Path write(String path, byte[] bytes) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    public void delete(String path) throws IOException {
        Files.delete(root.resolve(path));
    }

    /** Stages everything (new, changed and deleted files) and commits; returns the commit id. */
    public String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Test", "test@example.invalid");
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }

    @Override
    public void close() {
        git.close();
    }
}
