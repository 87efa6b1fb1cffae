package dev.dda.git;

import dev.dda.diff.FileDelta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which pipeline specs need a plan because something they read changed since a revision: the spec file itself or
 * a file under a folder it references. Compares the revision's tree with the work tree as it is on disk, so
 * committed, staged and unstaged edits (and new untracked dataset files, which apply would upload) all count.
 */
public final class ChangedSpecs {
    /** Folders that never hold specs: VCS data, build output, dependencies. */
    private static final Set<String> SKIP = Set.of(".git", "target", "node_modules", ".dda", ".idea", ".vscode");

    /**
     * @param spec repository-relative path of the spec
     * @param pipeline its {@code metadata.name}, or null when unreadable
     * @param target its {@code target}, or null when unreadable
     * @param reasons what changed, one line each
     */
    public record ChangedSpec(String spec, String pipeline, String target, List<String> reasons) {
        public ChangedSpec {
            reasons = List.copyOf(reasons);
        }
    }

    private ChangedSpecs() {}

    /** Changed specs in the work tree of the repository holding {@code dir}, sorted by path. */
    public static List<ChangedSpec> since(Path dir, String revision) {
        try (GitRevision rev = GitRevision.open(dir, revision)) {
            Path root = rev.workTree();
            List<ChangedSpec> out = new ArrayList<>();
            for (Path file : candidateFiles(root)) {
                String specPath = GitRepo.slashes(root.relativize(file));
                Optional<SpecInputs> inputs = readSpec(file);
                if (inputs.isPresent()) {
                    List<String> reasons = reasons(rev, root, specPath, inputs.get());
                    if (!reasons.isEmpty()) {
                        out.add(new ChangedSpec(specPath, inputs.get().pipeline(), inputs.get().target(), reasons));
                    }
                }
            }
            return out;
        }
    }

    /** Every pipeline spec in the work tree holding {@code dir} (or under {@code dir} outside git), sorted by path. */
    public static List<ChangedSpec> all(Path dir) {
        Path root = GitRepo.find(dir).map(r -> {
            try (r) {
                return GitRepo.workTree(r);
            }
        }).orElse(dir.toAbsolutePath().normalize());
        List<ChangedSpec> out = new ArrayList<>();
        for (Path file : candidateFiles(root)) {
            readSpec(file).ifPresent(in -> out.add(new ChangedSpec(GitRepo.slashes(root.relativize(file)), in.pipeline(),
                    in.target(), List.of())));
        }
        return out;
    }

    private static List<String> reasons(GitRevision rev, Path root, String specPath, SpecInputs inputs) {
        List<String> reasons = new ArrayList<>();
        List<String> paths = inputs.repoPaths(specPath);
        for (String p : paths) {
            boolean isSpec = p.equals(paths.get(0));
            FileDelta delta = FileDelta.between(rev.files(p), WorkTreeFiles.list(root.resolve(p)));
            if (delta.isEmpty()) {
                continue;
            }
            if (isSpec) {
                reasons.add(delta.added().isEmpty() ? "spec changed" : "spec is new since " + rev.revision());
            } else {
                reasons.add(p + ": " + delta.summary());
            }
        }
        return reasons;
    }

    private static Optional<SpecInputs> readSpec(Path file) {
        try {
            return SpecInputs.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> candidateFiles(Path root) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(root) && SKIP.contains(d.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String n = f.getFileName().toString();
                    if (attrs.isRegularFile() && (n.endsWith(".yaml") || n.endsWith(".yml"))) {
                        out.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new GitException("cannot search " + root + " for pipeline specs: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
