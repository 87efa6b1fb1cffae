package dev.dda.render;

/**
 * One rule a recipe breaks.
 *
 * @param where the path in the recipe, such as {@code Manifests[0].Lifecycle.Startup.Timeout}
 * @param message what is wrong and what would be right
 */
public record RecipeProblem(String where, String message) {
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
