package dev.dda.git;

import dev.dda.diff.SpecDiff;
import dev.dda.graph.ResourceGraph;
import dev.dda.graph.ResourceGraphBuilder;
import dev.dda.spec.Diagnostic;
import dev.dda.spec.SpecResult;
import dev.dda.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code dda plan --base REV}: loads the spec as it was at REV (with the dataset folders it referenced then,
 * exported from git into a temporary tree so that relative paths resolve exactly as in that commit) and compares
 * its resource graph with the current one.
 */
public final class BasePlan {
    /** Loads a spec file into its resource graph; throws {@link BaseLoadException} with the diagnostics. */
    @FunctionalInterface
    public interface GraphLoader {
        ResourceGraph load(Path specFile) throws BaseLoadException;
    }

    /** The spec at the base revision does not load; the message holds its diagnostics. */
    public static final class BaseLoadException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaseLoadException(String message) {
            super(message);
        }
    }

    private BasePlan() {}

    public static SpecDiff compare(Path specFile, ResourceGraph current, String revision) {
        return compare(specFile, current, revision, BasePlan::loadWithSpecLoader);
    }

    /**
     * @throws GitException when the spec is not in a git work tree or the revision is unknown: asking for a base
     *     that does not exist is an error, not an empty comparison
     */
    public static SpecDiff compare(Path specFile, ResourceGraph current, String revision, GraphLoader loader) {
        try (GitRevision rev = GitRevision.open(specFile, revision)) {
            String specPath = rev.relative(specFile);
            Optional<SpecInputs> inputs = rev.read(specPath).flatMap(SpecInputs::parse);
            if (inputs.isEmpty()) {
                return SpecDiff.between(revision, rev.commitId(), ResourceGraph.of(java.util.List.of()), current);
            }
            Path tree = Files.createTempDirectory("dda-base-");
            try {
                rev.export(inputs.get().repoPaths(specPath), tree);
                copySecretFiles(inputs.get(), specFile, tree.resolve(specPath).getParent(), tree);
                ResourceGraph before = loader.load(tree.resolve(specPath));
                return SpecDiff.between(revision, rev.commitId(), before, current);
            } catch (BaseLoadException | RuntimeException e) {
                if (e instanceof GitException g) {
                    throw g;
                }
                String why = String.valueOf(e.getMessage()).replace(tree.toString() + java.io.File.separator, "");
                return SpecDiff.unavailable(revision, rev.commitId(),
                        "the spec at " + revision + " (" + specPath + ") does not load: " + why);
            } finally {
                deleteTree(tree);
            }
        } catch (IOException e) {
            throw new GitException("cannot prepare the spec at " + revision + ": " + e.getMessage(), e);
        }
    }

    /**
     * Secret files are not in git (they must not be): the base spec reads them from where the current spec would,
     * so that an unchanged secret compares equal and a changed one shows as a changed hash.
     */
    private static void copySecretFiles(SpecInputs inputs, Path specFile, Path baseSpecDir, Path tree) throws IOException {
        Path currentDir = specFile.toAbsolutePath().getParent();
        for (String ref : inputs.secretFiles()) {
            Path source = currentDir.resolve(ref).normalize();
            Path target = baseSpecDir.resolve(ref).normalize();
            if (Path.of(ref).isAbsolute() || !target.startsWith(tree) || Files.exists(target)
                    || !Files.isRegularFile(source)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }
    }

    static ResourceGraph loadWithSpecLoader(Path specFile) throws BaseLoadException {
        SpecResult result = SpecLoader.load(specFile);
        if (result.hasErrors() || result.spec().isEmpty()) {
            throw new BaseLoadException(result.diagnostics().stream().filter(Diagnostic::isError)
                    .map(Diagnostic::render).collect(Collectors.joining("; ")));
        }
        return ResourceGraphBuilder.build(result.spec().get());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless; the OS cleans it up
        }
    }
}
