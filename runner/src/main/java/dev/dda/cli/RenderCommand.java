package dev.dda.cli;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.graph.ResourceGraphBuilder;
import dev.dda.plan.Digests;
import dev.dda.render.CompileTarget;
import dev.dda.render.RecipeException;
import dev.dda.render.RenderedRecipe;
import dev.dda.spec.Diagnostic;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import dev.dda.target.local.CompileHandler;
import dev.dda.target.local.ComponentHandler;
import dev.dda.packaging.EdgeDistribution;
import dev.dda.target.local.Packaging;
import dev.dda.target.local.device.ComponentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dda render [-f FILE] [--out DIR]}: renders and checks the spec's Greengrass recipes and lays them out with
 * their artifacts the way the Greengrass CLI's local deployments read them ({@code DIR/recipes/NAME-VERSION.yaml},
 * {@code DIR/artifacts/NAME/VERSION/FILE}), for reading and for trying on a real core device. Model components
 * need their packaged model: render shows those the last apply produced for the spec as it is now.
 */
public final class RenderCommand implements Command {
    @Override
    public String name() {
        return "render";
    }

    @Override
    public String summary() {
        return "write the Greengrass recipes and artifacts of a spec to a folder, checked";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options options = CliOptions.base();
        CliOptions.addSpec(options);
        options.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("where to write recipes/ and artifacts/ (default ./dda-render)").build());
        CommandLine cl = CliOptions.parse(options, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(options, "dda render [-f FILE] [--out DIR]", summary(), console);
            return 0;
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'; pass the spec with -f FILE");
        }
        Path file = CliOptions.specFile(cl);
        SpecResult result = SpecLoader.load(file, console.env());
        result.diagnostics().forEach(d -> console.err().println(d.render()));
        if (result.hasErrors() || result.specOrNull() == null) {
            long n = result.diagnostics().stream().filter(Diagnostic::isError).count();
            throw new UsageException(file + " has " + n + (n == 1 ? " error" : " errors") + "; nothing was rendered");
        }
        LoadedSpec spec = result.specOrNull();
        ResourceGraph graph = ResourceGraphBuilder.build(spec);
        Map<Address, String> contentKeys = Digests.contentKeys(graph);
        Path root = Workspace.localRoot(CliOptions.root(cl), spec, console.env());
        Path out = Path.of(cl.getOptionValue("out", "dda-render")).toAbsolutePath().normalize();
        Packaging packaging = new Packaging(root, new EdgeDistribution(EdgeDistribution.locateEdgeTarget(console.env()),
                EdgeDistribution.defaultMavenRepository(console.env()), root.resolve("cache")),
                dev.dda.target.local.PackagingHandlers.compileTargets(spec));
        int written = 0;
        int missing = 0;
        for (Resource r : graph.resources()) {
            if (!r.kind().equals("component")) {
                continue;
            }
            if (r.address().name().equals(ResourceGraphBuilder.EDGE_SERVICE)) {
                var edge = packaging.edgeService(true);
                edge.notes().forEach(n -> console.out().println("  note: " + n));
                write(edge.recipe(), edge.files(), out, console);
                written++;
                continue;
            }
            String model = String.valueOf(r.attributes().get("model"));
            for (Object t : (List<?>) r.attributes().getOrDefault("targets", List.of())) {
                CompileTarget target = CompileTarget.parse(String.valueOf(t));
                Address compile = Address.of("compile", model + "." + target.id());
                Optional<Map<String, Object>> record = CompileHandler.record(root, compile, contentKeys.get(compile));
                if (record.isEmpty()) {
                    console.out().println("  " + r.address() + " (" + target.id() + "): its model is not trained and "
                            + "packaged for the spec as it is now; run 'dda apply' first");
                    missing++;
                    continue;
                }
                RenderedRecipe recipe = ComponentHandler.renderModel(packaging, r, target, record.get());
                Path zip = Path.of(String.valueOf(record.get().get("zip")));
                write(recipe, Map.of(zip.getFileName().toString(), zip), out, console);
                written++;
            }
        }
        console.out().println(written + " recipe" + (written == 1 ? "" : "s") + " written to " + out
                + (missing == 0 ? "" : "; " + missing + " not rendered (see above)"));
        return 0;
    }

    private static void write(RenderedRecipe recipe, Map<String, Path> files, Path out, Console console)
            throws IOException, RecipeException {
        Path recipeFile = out.resolve("recipes").resolve(recipe.fileName());
        Files.createDirectories(recipeFile.getParent());
        Files.writeString(recipeFile, recipe.text(), StandardCharsets.UTF_8);
        long bytes = 0;
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path dst = out.resolve("artifacts").resolve(recipe.componentName()).resolve(recipe.version()).resolve(f.getKey());
            ComponentStore.linkOrCopy(f.getValue(), dst);
            bytes += Files.size(dst);
        }
        console.out().printf("  %s %s: %s (%d bytes, checked), %d artifact%s (%.1f MB)%n", recipe.componentName(),
                recipe.version(), out.relativize(recipeFile), recipe.text().getBytes(StandardCharsets.UTF_8).length,
                files.size(), files.size() == 1 ? "" : "s", bytes / 1e6);
    }
}
