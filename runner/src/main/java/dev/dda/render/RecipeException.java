package dev.dda.render;

import java.util.List;
import java.util.stream.Collectors;

/** A rendered recipe breaks Greengrass' rules; the message lists every problem with its place. */
public class RecipeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<RecipeProblem> problems;

    public RecipeException(String recipe, List<RecipeProblem> problems) {
        super("recipe " + recipe + " is not valid:\n" + problems.stream().map(p -> "  " + p)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RecipeProblem> problems() {
        return problems;
    }
}
