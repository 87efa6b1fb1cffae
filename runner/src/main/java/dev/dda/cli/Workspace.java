package dev.dda.cli;

import dev.dda.graph.ResourceGraph;
import dev.dda.graph.ResourceGraphBuilder;
import dev.dda.spec.Diagnostic;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import dev.dda.target.TargetOptions;
import dev.dda.target.TargetProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** A loaded spec, its resource graph and its opened target: what every engine command starts from. */
final class Workspace implements AutoCloseable {
    final LoadedSpec spec;
    final ResourceGraph graph;
    final Target target;
    final Path root;

    private Workspace(LoadedSpec spec, ResourceGraph graph, Target target, Path root) {
        this.spec = spec;
        this.graph = graph;
        this.target = target;
        this.root = root;
    }

    static Workspace open(Path specFile, Path rootOption, Console console) throws UsageException, TargetException {
        // a folder goes on to the loader, which says what to pass instead
        if (!Files.exists(specFile)) {
            throw new UsageException("no spec file " + specFile + (specFile.toString().equals(
                    CliOptions.DEFAULT_SPEC) ? " in the current folder; pass -f FILE" : ""));
        }
        SpecResult result = SpecLoader.load(specFile, console.env());
        for (Diagnostic d : result.diagnostics()) {
            console.err().println(d.render());
        }
        if (result.hasErrors() || result.spec().isEmpty()) {
            long n = result.diagnostics().stream().filter(Diagnostic::isError).count();
            throw new UsageException(specFile + " has " + n + (n == 1 ? " error" : " errors")
                    + "; nothing was planned or changed");
        }
        LoadedSpec spec = result.specOrNull();
        ResourceGraph graph;
        try {
            graph = ResourceGraphBuilder.build(spec);
        } catch (IllegalArgumentException e) {
            throw new UsageException(specFile + ": " + e.getMessage());
        }
        Path root = localRoot(rootOption, spec, console.env());
        Target target = provider(spec.target()).open(spec, new TargetOptions(root, console.env()));
        return new Workspace(spec, graph, target, root);
    }

    /** --root, else DDA_ROOT, else the spec's state.local.path (relative to the spec file), else ./.dda. */
    static Path localRoot(Path rootOption, LoadedSpec spec, Map<String, String> env) {
        if (rootOption != null) {
            return rootOption.toAbsolutePath().normalize();
        }
        String fromEnv = env.get("DDA_ROOT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        if (spec.document().get("state") instanceof Map<?, ?> state
                && state.get("local") instanceof Map<?, ?> local && local.get("path") instanceof String p) {
            Path dir = spec.file().toAbsolutePath().getParent();
            return dir.resolve(p).normalize();
        }
        return Path.of(".dda").toAbsolutePath().normalize();
    }

    static TargetProvider provider(String name) throws TargetException {
        List<String> names = new ArrayList<>();
        for (TargetProvider p : ServiceLoader.load(TargetProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new TargetException("no target named '" + name + "' in this dda build (available: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    Path specDirectory() {
        return spec.file().toAbsolutePath().getParent();
    }

    @Override
    public void close() {
        target.close();
    }
}
