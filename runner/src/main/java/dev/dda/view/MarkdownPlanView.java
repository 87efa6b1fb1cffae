package dev.dda.view;

import dev.dda.cost.CostPolicy;
import dev.dda.diff.SpecDiff;
import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Annotations;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PlannedAgainst;
import dev.dda.view.markdown.ChangeDetails;
import dev.dda.view.markdown.Dangers;
import dev.dda.view.markdown.Document;
import dev.dda.view.markdown.Gate;
import dev.dda.view.markdown.Md;
import dev.dda.view.markdown.PlanReport;
import dev.dda.view.markdown.Sections;
import dev.dda.view.markdown.Sides;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan as a pull-request comment (Atlantis / Terraform Cloud style): a hidden marker to update the comment in
 * place, a one-line verdict with counts, a caution box of dangerous changes, cost, gates, data, the spec change
 * since the base, then each change folded in {@code <details>}. Always below GitHub's 65,535-character limit:
 * details are dropped whole (never cut inside a tag or a fence) and a note points at the full JSON plan.
 */
public final class MarkdownPlanView implements PlanView {
    public static final int GITHUB_COMMENT_LIMIT = 65_535;

    /**
     * @param maxChars the budget (default leaves room under GitHub's limit)
     * @param artifactName the workflow artifact that holds the full {@code plan.json}
     * @param runUrl a link to the workflow run, or null
     */
    public record Options(int maxChars, String artifactName, String runUrl) {
        public static Options forPipeline(String pipeline) {
            return new Options(GITHUB_COMMENT_LIMIT - 535, "dda-plan-" + pipeline, null);
        }

        /** Links the run when GitHub Actions' variables are present. */
        public static Options forPipeline(String pipeline, Map<String, String> env) {
            String server = env.get("GITHUB_SERVER_URL");
            String repo = env.get("GITHUB_REPOSITORY");
            String run = env.get("GITHUB_RUN_ID");
            String url = server != null && repo != null && run != null ? server + "/" + repo + "/actions/runs/" + run : null;
            return new Options(GITHUB_COMMENT_LIMIT - 535, "dda-plan-" + pipeline, url);
        }
    }

    /** The hidden first line that lets a workflow find and update this pipeline's comment. */
    public static String marker(String pipeline) {
        return "<!-- dda-plan:" + pipeline.replaceAll("[^A-Za-z0-9._-]", "_").replace("--", "-_") + " -->";
    }

    @Override
    public String render(Plan plan, PlanMode mode) {
        return render(PlanReport.of(plan, mode), Options.forPipeline(plan.pipeline()));
    }

    public String render(Plan plan) {
        return render(plan, PlanMode.NORMAL);
    }

    public String render(PlanReport report, Options options) {
        Plan plan = report.plan();
        Annotations annotations = report.annotations();
        Map<Address, List<Gate>> gates = plan == null ? Map.of() : gates(plan);
        List<String> dangers = plan == null ? List.of() : Dangers.find(plan, annotations, gates);
        Document doc = new Document()
                .essential(marker(report.pipeline()) + "\n" + verdict(report, dangers) + "\n")
                .essential(plannedAgainst(plan))
                .essential(Sections.warning("Live plan not available", report.liveProblem()))
                .essential(Sections.caution(dangers))
                .essential(Sections.cost(annotations, limit(report)))
                .essential(Sections.gates(gates, plan))
                .essential(data(report))
                .essential(report.specDiff() == null ? "" : Sections.specChanges(report.specDiff()));
        if (plan != null) {
            List<Change> changing = plan.changes().stream().filter(c -> c.action().changes()).toList();
            if (!changing.isEmpty()) {
                doc.essential("#### Changes\n");
            }
            changing.forEach(c -> doc.optional(() -> ChangeDetails.render(c)));
            if (changing.size() < plan.changes().size()) {
                doc.optional(() -> unchanged(plan));
            }
        }
        return doc.render(options.maxChars(), footer(options), omitted -> truncationNote(omitted, options));
    }

    private static String verdict(PlanReport report, List<String> dangers) {
        String name = Md.code(report.pipeline());
        Plan plan = report.plan();
        if (plan == null) {
            SpecDiff d = report.specDiff();
            String spec = d == null || d.problem() != null ? "no spec comparison"
                    : d.added().size() + " added, " + d.changed().size() + " changed, " + d.removed().size()
                    + " removed in the spec";
            return "⚠️ **dda plan " + name + ": target not reached** — " + spec;
        }
        boolean failing = report.annotations().failing();
        if (report.mode() != PlanMode.NORMAL) {
            String icon = failing ? "❌" : !plan.hasChanges() ? "✅" : "⚠️";
            return icon + " **dda plan " + name + "** — " + Md.text(new PlanSummary(plan, report.mode()).line());
        }
        Map<Action, Integer> n = counts(plan);
        if (!plan.hasChanges()) {
            return (failing ? "❌" : "✅") + " **dda plan " + name + ": no changes.** The target matches the spec ("
                    + plan.changes().size() + (plan.changes().size() == 1 ? " resource)." : " resources).") + (failing ? " Policy check failed." : "");
        }
        StringBuilder s = new StringBuilder(failing ? "❌" : dangers.isEmpty() ? "📝" : "⚠️")
                .append(" **dda plan ").append(name).append(": ")
                .append(n.get(Action.CREATE)).append(" to create, ").append(n.get(Action.UPDATE)).append(" to update, ")
                .append(n.get(Action.REPLACE)).append(" to replace, ").append(n.get(Action.DELETE)).append(" to delete**");
        if (n.get(Action.WAIT) > 0) {
            s.append(" · ").append(n.get(Action.WAIT)).append(" running job").append(n.get(Action.WAIT) == 1 ? "" : "s")
                    .append(" to wait for");
        }
        s.append(" · ").append(n.get(Action.NOOP) + n.get(Action.REUSE)).append(" unchanged");
        if (!dangers.isEmpty()) {
            s.append(" · ").append(dangers.size()).append(" need").append(dangers.size() == 1 ? "s" : "").append(" care");
        }
        if (!report.annotations().costs().isEmpty()) {
            s.append(" · worst case ").append(CostPolicy.usd(report.annotations().totalKnownUsd()));
        }
        if (failing) {
            s.append(" · **policy check failed**");
        }
        return s.toString();
    }

    private static Map<Action, Integer> counts(Plan plan) {
        Map<Action, Integer> n = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            n.put(a, 0);
        }
        plan.changes().forEach(c -> n.merge(c.action(), 1, Integer::sum));
        return n;
    }

    private static String plannedAgainst(Plan plan) {
        if (plan == null || plan.plannedAgainst() == null) {
            return "";
        }
        PlannedAgainst p = plan.plannedAgainst();
        List<String> parts = new ArrayList<>();
        if (p.gitCommit() != null) {
            parts.add("commit " + Md.code(p.gitCommit().substring(0, Math.min(12, p.gitCommit().length())))
                    + (p.gitDirty() ? " (uncommitted changes)" : ""));
        }
        if (p.target() != null) {
            parts.add("target " + Md.code(p.target()));
        }
        parts.add("state serial " + p.stateSerial());
        if (p.specHash() != null) {
            parts.add("spec " + Md.code(Md.clip(p.specHash(), 19)));
        }
        return "<sub>Planned against " + String.join(" · ", parts) + "</sub>\n";
    }

    private static String limit(PlanReport report) {
        BigDecimal max = report.annotations().maxJobCostUsd();
        return max == null ? null : CostPolicy.usd(max);
    }

    private static String data(PlanReport report) {
        SpecDiff d = report.specDiff();
        if (d != null && d.problem() == null) {
            return Sections.data(d.datasets(), d.labels());
        }
        return report.plan() == null ? "" : Sections.dataFromPlan(report.plan());
    }

    private static Map<Address, List<Gate>> gates(Plan plan) {
        Map<Address, List<Gate>> out = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (c.kind().equals("training")) {
                Map<String, Object> attrs = Sides.after(c).isEmpty() ? Sides.before(c) : Sides.after(c);
                out.put(c.address(), Gate.of(attrs, metrics(c)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Change c) {
        Object m = Sides.after(c).get("metrics");
        if (!(m instanceof Map)) {
            m = Sides.before(c).get("metrics");
        }
        return m instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String unchanged(Plan plan) {
        List<Change> same = plan.changes().stream().filter(c -> !c.action().changes()).toList();
        if (same.isEmpty()) {
            return "";
        }
        String names = same.stream().limit(40)
                .map(c -> Md.code(c.address().toString()) + (c.action() == Action.REUSE ? " (reused)" : ""))
                .collect(Collectors.joining(", "));
        return "<sub>" + same.size() + " unchanged: " + names + (same.size() > 40 ? " …" : "") + "</sub>\n";
    }

    private static String footer(Options o) {
        String run = o.runUrl() == null ? "" : " of [this run](" + o.runUrl() + ")";
        return "<sub>Full plan: " + Md.code("plan.json") + " in the workflow artifact " + Md.code(o.artifactName())
                + run + ".</sub>\n";
    }

    private static String truncationNote(int omitted, Options o) {
        return "> [!NOTE]\n> " + omitted + (omitted == 1 ? " section was" : " sections were")
                + " left out to stay under GitHub's 65,535-character comment limit. The full plan is "
                + Md.code("plan.json") + " in the workflow artifact " + Md.code(o.artifactName()) + ".\n";
    }
}
