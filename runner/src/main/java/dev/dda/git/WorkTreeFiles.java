package dev.dda.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/** Files on disk with the blob ids git would give them, to compare a folder with the same folder at a commit. */
final class WorkTreeFiles {
    private WorkTreeFiles() {}

    /**
     * Every regular file under {@code path} (or {@code path} itself when it is a file, keyed by its name), keyed
     * by its '/'-separated path relative to {@code path}; {@code .git} folders are skipped. Empty when absent.
     */
    static SortedMap<String, ObjectId> list(Path path) {
        SortedMap<String, ObjectId> out = new TreeMap<>();
        if (Files.isRegularFile(path)) {
            out.put(path.getFileName().toString(), blobId(path));
            return out;
        }
        if (!Files.isDirectory(path)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !path.relativize(p).toString().replace('\\', '/').matches("(.*/)?\\.git(/.*)?"))
                    .forEach(p -> out.put(GitRepo.slashes(path.relativize(p)), blobId(p)));
        } catch (IOException | UncheckedIOException e) {
            throw new GitException("cannot list " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    static ObjectId blobId(Path file) {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new GitException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
