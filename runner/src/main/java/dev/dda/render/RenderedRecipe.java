package dev.dda.render;

import java.util.List;

/**
 * A checked recipe, ready to publish.
 *
 * @param artifacts the files its manifests point at (by file name)
 */
public record RenderedRecipe(String componentName, String version, String text, List<RecipeArtifact> artifacts) {
    public RenderedRecipe {
        artifacts = List.copyOf(artifacts);
    }

    /** The file name Greengrass' local tooling expects: {@code NAME-VERSION.yaml}. */
    public String fileName() {
        return componentName + "-" + version + ".yaml";
    }
}
