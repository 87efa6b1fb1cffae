package dev.dda.view;

import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;

/** Renders a plan for people or machines. Views only read the plan; they never print. */
public interface PlanView {
    String render(Plan plan, PlanMode mode);

    /** The view for {@code --format}: text, json or markdown. */
    static PlanView forFormat(String format, boolean color) {
        return switch (format) {
            case "text" -> new TextPlanView(color);
            case "json" -> new JsonPlanView();
            case "markdown", "md" -> new MarkdownPlanView();
            default -> throw new IllegalArgumentException("unknown format '" + format
                    + "'; expected text, json or markdown");
        };
    }
}
