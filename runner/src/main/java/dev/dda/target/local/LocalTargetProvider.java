package dev.dda.target.local;

import dev.dda.spec.LoadedSpec;
import dev.dda.state.FileLeaseLock;
import dev.dda.state.FileStateStore;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import dev.dda.target.TargetOptions;
import dev.dda.target.TargetProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code target: local}: opens a {@link LocalTarget} under {@link TargetOptions#localRoot()}. */
public final class LocalTargetProvider implements TargetProvider {
    @Override
    public String name() {
        return LocalTarget.NAME;
    }

    @Override
    public Target open(LoadedSpec spec, TargetOptions options) throws TargetException {
        // nothing is created here: plan must not write; the state store and handlers make folders when they write
        Path root = options.localRoot().toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new TargetException("the local target's root " + root + " is a file, not a folder; choose another "
                    + "with --root or DDA_ROOT");
        }
        return new LocalTarget(root, spec, new FileStateStore(LocalTarget.stateFile(root, spec.pipeline())),
                new FileLeaseLock(LocalTarget.lockFile(root, spec.pipeline())), options.env());
    }
}
