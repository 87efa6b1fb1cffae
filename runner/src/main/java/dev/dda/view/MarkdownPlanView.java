package dev.dda.view;

import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plan for a pull request comment: verdict first, a table of changes, details folded away. */
public class MarkdownPlanView implements PlanView {
    @Override
    public String render(Plan plan, PlanMode mode) {
        StringBuilder out = new StringBuilder();
        PlanSummary summary = new PlanSummary(plan, mode);
        out.append("**").append(summary.line()).append("**\n\n");
        out.append("Pipeline `").append(plan.pipeline()).append("` on target `")
                .append(plan.plannedAgainst().target()).append('`');
        if (plan.plannedAgainst().gitCommit() != null) {
            out.append(" at commit `").append(plan.plannedAgainst().gitCommit()).append('`');
        }
        out.append("\n\n");
        if (plan.changes().stream().noneMatch(c -> c.action() != Action.NOOP)) {
            return out.toString();
        }
        out.append("| | Address | Action | Why |\n|---|---|---|---|\n");
        for (Change c : plan.changes()) {
            if (c.action() != Action.NOOP) {
                out.append("| `").append(Symbols.of(c.action())).append("` | `").append(c.address()).append("` | ")
                        .append(c.action().label()).append(" | ").append(cell(String.join("; ", c.reasons())))
                        .append(" |\n");
            }
        }
        out.append("\n<details><summary>Details</summary>\n\n");
        for (Change c : plan.changes()) {
            if (c.action() != Action.NOOP) {
                details(out, c);
            }
        }
        out.append("</details>\n");
        return out.toString();
    }

    protected void details(StringBuilder out, Change c) {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("before", c.before());
        both.put("after", c.after());
        out.append("#### `").append(c.address()).append("`: ").append(c.action().label()).append("\n\n```json\n")
                .append(Json.pretty(Json.redact(both)).replace("```", "`\u200b``")).append("\n```\n\n");
    }

    /** Table cells cannot hold pipes or line breaks. */
    protected static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
