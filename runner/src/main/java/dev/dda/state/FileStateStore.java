package dev.dda.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * State in a JSON file. Every save is atomic (temp file, fsync, rename), checks serial and lineage against the
 * stored file first, and keeps the previous version as {@code FILE.backup}.
 */
public final class FileStateStore implements StateStore {
    private final Path file;

    public FileStateStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Path backupFile() {
        return file.resolveSibling(file.getFileName() + ".backup");
    }

    @Override
    public synchronized Optional<State> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(StateCodec.read(Files.readAllBytes(file), file.toString(), "the previous version is in "
                + backupFile() + "; look at both, and copy the backup over it if it is good"));
    }

    @Override
    public synchronized void save(State next) throws IOException {
        Optional<State> stored = load();
        if (stored.isPresent()) {
            State s = stored.get();
            if (!s.lineage().equals(next.lineage())) {
                throw new StaleStateException("the state in " + file + " belongs to another lineage (" + s.lineage()
                        + ", not " + next.lineage() + "): it was replaced since it was read");
            }
            if (s.serial() != next.serial() - 1) {
                throw new StaleStateException("the state in " + file + " is at serial " + s.serial()
                        + " but this write expected " + (next.serial() - 1) + ": someone else wrote it in between");
            }
            Files.copy(file, backupFile(), StandardCopyOption.REPLACE_EXISTING);
        } else if (next.serial() > 1) {
            throw new StaleStateException("the state file " + file + " is gone, but this write expected serial "
                    + (next.serial() - 1) + " to be there");
        }
        AtomicFiles.write(file, StateCodec.write(next));
    }
}
