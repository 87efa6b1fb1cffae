package dev.dda.view;

import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.Planner;

/** The plan for a terminal, shaped like Terraform's: one symbol per change, why, then a summary line. */
public final class TextPlanView implements PlanView {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final int MAX_DIFF_LINES = 12;
    private final boolean color;

    public TextPlanView(boolean color) {
        this.color = color;
    }

    @Override
    public String render(Plan plan, PlanMode mode) {
        StringBuilder out = new StringBuilder();
        PlanSummary summary = new PlanSummary(plan, mode);
        boolean any = plan.changes().stream().anyMatch(c -> shown(c, mode));
        if (any) {
            out.append(header(plan, mode)).append("\n\n");
        }
        for (Change c : plan.changes()) {
            if (shown(c, mode)) {
                change(out, c, mode);
            }
        }
        if (any) {
            out.append('\n');
        }
        long unsupported = plan.changes().stream()
                .filter(c -> c.reasons().stream().anyMatch(r -> r.startsWith(Planner.UNSUPPORTED))).count();
        if (unsupported > 0) {
            out.append("Note: ").append(unsupported).append(unsupported == 1 ? " resource is" : " resources are")
                    .append(" not yet supported by target ").append(plan.plannedAgainst().target())
                    .append(": apply reports them and skips what depends on them.\n\n");
        }
        String line = summary.line();
        int unchanged = summary.count(Action.NOOP);
        if (mode == PlanMode.NORMAL && unchanged > 0) {
            line = line + " " + unchanged + " unchanged.";
        }
        out.append(color ? BOLD + line + RESET : line).append('\n');
        return out.toString();
    }

    private static boolean shown(Change c, PlanMode mode) {
        return c.action() != Action.NOOP;
    }

    private static String header(Plan plan, PlanMode mode) {
        String where = "pipeline " + plan.pipeline() + ", target " + plan.plannedAgainst().target();
        return switch (mode) {
            case REFRESH_ONLY -> "dda found changes made outside dda (" + where + "):";
            case DESTROY -> "dda will destroy (" + where + "):";
            case NORMAL -> "dda will perform these actions (" + where + "):";
        };
    }

    private void change(StringBuilder out, Change c, PlanMode mode) {
        String symbol = mode == PlanMode.REFRESH_ONLY && c.action() == Action.UPDATE ? "~" : Symbols.of(c.action());
        String head = String.format("  %-5s %s", symbol, c.address());
        String label = c.action() == Action.WAIT ? "  (wait for running job)" : c.action() == Action.REUSE
                ? "  (reuse finished job)" : "";
        out.append(color ? Symbols.colour(c.action()) + head + RESET : head).append(label).append('\n');
        for (String r : c.reasons()) {
            out.append("          ").append(r).append('\n');
        }
        if (mode == PlanMode.NORMAL && (c.action() == Action.UPDATE || c.action() == Action.REPLACE)) {
            for (String d : AttributeDiff.lines(c.before(), c.after(), c.reasons(), MAX_DIFF_LINES)) {
                out.append("          ").append(d).append('\n');
            }
        }
    }
}
