package dev.dda.target.local.device;

import dev.dda.edge.model.Folders;
import dev.dda.render.RenderedRecipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local stand-in for Greengrass' component registry: {@code ROOT/NAME/VERSION/recipe.yaml} and
 * {@code ROOT/NAME/VERSION/artifacts/FILE} (the layout the Greengrass CLI's local deployments read). A version is
 * immutable once published: publishing it again with the same recipe is a no-op, with another recipe an error.
 * Artifacts are hard-linked where the file system allows (a 160 MB native jar costs no copy and no time), else
 * copied.
 */
public final class ComponentStore {
    private final Path root;

    public ComponentStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path dir(String name, String version) {
        return root.resolve(name).resolve(version);
    }

    public boolean has(String name, String version) {
        return Files.isRegularFile(dir(name, version).resolve("recipe.yaml"));
    }

    public Recipe recipe(String name, String version) throws IOException {
        Path file = dir(name, version).resolve("recipe.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IOException("component " + name + " " + version + " is not in the component store " + root);
        }
        return Recipe.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public Path artifact(String name, String version, String fileName) {
        return dir(name, version).resolve("artifacts").resolve(fileName);
    }

    public List<String> versions(String name) throws IOException {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("recipe.yaml"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        }
    }

    /**
     * Publishes a recipe and its artifact files (by file name). Returns false when this exact version was already
     * there.
     */
    public boolean publish(RenderedRecipe recipe, Map<String, Path> files) throws IOException {
        Path target = dir(recipe.componentName(), recipe.version());
        if (has(recipe.componentName(), recipe.version())) {
            String existing = Files.readString(target.resolve("recipe.yaml"), StandardCharsets.UTF_8);
            if (!existing.equals(recipe.text())) {
                throw new IOException("component " + recipe.componentName() + " version " + recipe.version()
                        + " is already published with other content (a version collision): refusing to overwrite "
                        + target);
            }
            return false;
        }
        Path staging = root.resolve(recipe.componentName()).resolve(".staging-" + UUID.randomUUID());
        Files.createDirectories(staging.resolve("artifacts"));
        try {
            for (var a : recipe.artifacts()) {
                Path src = files.get(a.fileName());
                if (src == null || !Files.isRegularFile(src)) {
                    throw new IOException("artifact " + a.fileName() + " of " + recipe.componentName()
                            + " has no file to publish");
                }
                linkOrCopy(src, staging.resolve("artifacts").resolve(a.fileName()));
            }
            Files.writeString(staging.resolve("recipe.yaml"), recipe.text(), StandardCharsets.UTF_8);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Folders.deleteTree(staging);
            return false;
        } catch (IOException e) {
            Folders.deleteTree(staging);
            throw e;
        }
        return true;
    }

    /** Hard link, or a copy across file systems. */
    public static void linkOrCopy(Path src, Path dst) throws IOException {
        dev.dda.packaging.ModelPackage.linkOrCopy(src, dst);
    }
}
