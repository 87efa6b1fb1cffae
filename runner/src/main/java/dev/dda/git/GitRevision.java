package dev.dda.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit, read straight from the object database: the work tree is never touched, so a
 * plan against {@code --base origin/main} works in a dirty checkout and in CI.
 */
public final class GitRevision implements AutoCloseable {
    private final Repository repo;
    private final String revision;
    private final RevCommit commit;
    private final ObjectReader reader;

    private GitRevision(Repository repo, String revision, RevCommit commit) {
        this.repo = repo;
        this.revision = revision;
        this.commit = commit;
        this.reader = repo.newObjectReader();
    }

    /** Opens {@code revision} (any form git accepts: HEAD~1, origin/main, a sha) of the repository holding {@code path}. */
    public static GitRevision open(Path path, String revision) {
        Repository repo = GitRepo.open(path);
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(revision + "^{commit}");
            if (id != null) {
                return new GitRevision(repo, revision, walk.parseCommit(id));
            }
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw new GitException("cannot resolve revision '" + revision + "': " + e.getMessage(), e);
        }
        Path root = GitRepo.workTree(repo);
        repo.close();
        throw new GitException("unknown revision '" + revision + "' in " + root
                + " (in CI, a shallow clone lacks it: check out with fetch-depth: 0)");
    }

    /** The bytes of {@code path} (repository-relative) at {@code revision}; throws when it does not exist there. */
    public static byte[] read(Path repoDir, String revision, String path) {
        try (GitRevision rev = open(repoDir, revision)) {
            return rev.read(path).orElseThrow(() -> new GitException(path + " does not exist at " + revision));
        }
    }

    public String revision() {
        return revision;
    }

    public String commitId() {
        return commit.getName();
    }

    public Path workTree() {
        return GitRepo.workTree(repo);
    }

    /** {@code path} as a repository-relative path ('/'-separated), for a path on disk inside the work tree. */
    public String relative(Path path) {
        return GitRepo.relative(repo, path);
    }

    /** The file's bytes at this revision, or empty when there is no such file. */
    public Optional<byte[]> read(String path) {
        try (TreeWalk walk = TreeWalk.forPath(reader, normalize(path), commit.getTree())) {
            if (walk == null || !isFile(walk.getFileMode(0))) {
                return Optional.empty();
            }
            return Optional.of(reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes());
        } catch (IOException e) {
            throw new GitException("cannot read " + path + " at " + revision + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file under {@code folder} (or the single file {@code folder} names) with its blob id, keyed by the
     * path relative to {@code folder}; empty when it does not exist at this revision.
     */
    public SortedMap<String, ObjectId> files(String folder) {
        String base = normalize(folder);
        SortedMap<String, ObjectId> out = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                String p = walk.getPathString();
                if (!isFile(walk.getFileMode(0))) {
                    continue;
                }
                if (base.isEmpty()) {
                    out.put(p, walk.getObjectId(0));
                } else if (p.equals(base)) {
                    out.put(p.substring(p.lastIndexOf('/') + 1), walk.getObjectId(0));
                } else if (p.startsWith(base + "/")) {
                    out.put(p.substring(base.length() + 1), walk.getObjectId(0));
                }
            }
            return out;
        } catch (IOException e) {
            throw new GitException("cannot list " + folder + " at " + revision + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the given files and folders, as they are at this revision, under {@code dest} at the same
     * repository-relative paths, so that a spec read from there resolves its relative references as it did
     * in the commit. Paths absent at this revision are skipped (the spec checks report them).
     */
    public void export(Collection<String> paths, Path dest) {
        for (String p : paths) {
            String base = normalize(p);
            SortedMap<String, ObjectId> files = files(base);
            boolean single = files.size() == 1 && read(base).isPresent();
            for (var e : files.entrySet()) {
                Path target = single ? dest.resolve(base) : dest.resolve(base.isEmpty() ? e.getKey() : base + "/" + e.getKey());
                write(e.getValue(), target.normalize(), dest);
            }
        }
    }

    private void write(ObjectId blob, Path target, Path dest) {
        if (!target.startsWith(dest.normalize())) {
            throw new GitException("refusing to write " + target + " outside " + dest);
        }
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = reader.open(blob, Constants.OBJ_BLOB).openStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new GitException("cannot export " + target + " from " + revision + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }

    /** 'a/./b/../c/' → 'a/c'; '.' or '' → '' (the repository root). */
    static String normalize(String path) {
        String p = Path.of(path.replace('\\', '/')).normalize().toString().replace('\\', '/');
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".") || p.startsWith("../") || p.equals("..")) {
            if (p.equals(".")) {
                return "";
            }
            throw new GitException(path + " points outside the repository");
        }
        return p;
    }

    @Override
    public void close() {
        reader.close();
        repo.close();
    }
}
