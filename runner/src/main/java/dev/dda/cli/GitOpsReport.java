package dev.dda.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.cost.CostAnnotator;
import dev.dda.cost.CostPolicy;
import dev.dda.diff.SpecDiff;
import dev.dda.git.BasePlan;
import dev.dda.graph.ResourceGraph;
import dev.dda.graph.ResourceGraphBuilder;
import dev.dda.json.Json;
import dev.dda.plan.Annotations;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PolicyCheck;
import dev.dda.plan.json.PlanCodec;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import dev.dda.view.MarkdownPlanView;
import dev.dda.view.PlanView;
import dev.dda.view.markdown.PlanReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;

/**
 * What {@code dda plan} adds for pull requests: the spec change since {@code --base}, the worst-case cost of the
 * jobs it starts and the policy checks, rendered in every format. A failing policy check makes the plan exit 1
 * after the whole plan is shown (as an Atlantis policy check turns the pull request's check red).
 */
final class GitOpsReport {
    private final PlanReport report;

    private GitOpsReport(PlanReport report) {
        this.report = report;
    }

    static Option baseOption() {
        return Option.builder().longOpt("base").hasArg().argName("REV")
                .desc("also show what changed in the spec (and its dataset folders) since git revision REV,"
                        + " such as origin/main or HEAD~1").build();
    }

    static GitOpsReport of(LoadedSpec spec, ResourceGraph graph, Plan plan, PlanMode mode, String base) {
        SpecDiff diff = base == null ? null : BasePlan.compare(spec.file(), graph, base);
        Annotations a = mode == PlanMode.NORMAL ? CostAnnotator.annotate(spec, graph, plan) : Annotations.NONE;
        return new GitOpsReport(new PlanReport(plan.pipeline(), plan, mode, a, diff, null));
    }

    /**
     * The target could not be reached (no credentials in CI, say) but a base was asked for: show the spec-level
     * change on its own, say why the live plan is missing, and exit 1.
     */
    static int specOnly(Path specFile, String base, String problem, String format, Console console) throws Exception {
        SpecResult result = SpecLoader.load(specFile);
        if (result.spec().isEmpty()) {
            throw new UsageException(specFile + " does not load; nothing was planned");
        }
        LoadedSpec spec = result.spec().get();
        SpecDiff diff = BasePlan.compare(specFile, ResourceGraphBuilder.build(spec), base);
        GitOpsReport r = new GitOpsReport(new PlanReport(spec.pipeline(), null, PlanMode.NORMAL, null, diff, problem));
        console.out().print(r.render(format, console));
        console.err().println("dda plan: the live plan is not available: " + problem);
        return 1;
    }

    String render(String format, Console console) {
        return switch (format) {
            case "markdown" -> new MarkdownPlanView().render(report,
                    MarkdownPlanView.Options.forPipeline(report.pipeline(), console.env()));
            case "json" -> json();
            default -> text(console);
        };
    }

    private String text(Console console) {
        StringBuilder out = new StringBuilder();
        if (report.specDiff() != null) {
            report.specDiff().describe().forEach(l -> out.append(l).append(System.lineSeparator()));
            out.append(System.lineSeparator());
        }
        if (report.plan() != null) {
            out.append(PlanView.forFormat("text", console.color()).render(report.plan(), report.mode()));
        } else {
            out.append("Live plan not available: ").append(report.liveProblem()).append(System.lineSeparator());
        }
        Annotations a = report.annotations();
        if (!a.costs().isEmpty()) {
            out.append(System.lineSeparator()).append("Worst-case cost (AWS list prices as of ")
                    .append(a.priceTableDate()).append("):").append(System.lineSeparator());
            for (JobCost c : a.costs()) {
                out.append("  ").append(c.address()).append(": ")
                        .append(c.known() ? CostPolicy.usd(c.worstCaseUsd()) : "unknown").append(" (")
                        .append(c.basis()).append(')').append(System.lineSeparator());
            }
        }
        a.failures().forEach(p -> out.append("Policy check failed: ").append(p.message()).append(System.lineSeparator()));
        return out.toString();
    }

    /** The JSON plan, plus {@code annotations} (costs, checks) when there are any. */
    private String json() {
        if (report.plan() == null) {
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("pipeline", report.pipeline());
            n.put("error", report.liveProblem());
            return Json.pretty(n) + System.lineSeparator();
        }
        ObjectNode root = PlanCodec.encode(report.plan(), report.mode());
        Annotations a = report.annotations();
        if (!a.costs().isEmpty() || !a.checks().isEmpty()) {
            ObjectNode ann = root.putObject("annotations");
            ann.put("price_table_date", a.priceTableDate());
            ArrayNode costs = ann.putArray("costs");
            for (JobCost c : a.costs()) {
                ObjectNode n = costs.addObject();
                n.put("address", c.address().toString());
                n.put("worst_case_usd", c.worstCaseUsd());
                n.put("basis", c.basis());
            }
            ArrayNode checks = ann.putArray("checks");
            for (PolicyCheck p : a.checks()) {
                ObjectNode n = checks.addObject();
                n.put("policy", p.policy());
                n.put("address", p.address() == null ? null : p.address().toString());
                n.put("passed", p.passed());
                n.put("message", p.message());
            }
        }
        return Json.pretty(root) + System.lineSeparator();
    }

    /** Apply's side of the policy check: refuses before anything changes, naming every job above the limit. */
    static void refuseIfPolicyFails(LoadedSpec spec, ResourceGraph graph, Plan plan) throws UsageException {
        Annotations a = CostAnnotator.annotate(spec, graph, plan);
        if (a.failing()) {
            throw new UsageException("refusing to apply: " + String.join("; ",
                    a.failures().stream().map(PolicyCheck::message).toList())
                    + "; lower maxRuntime, instanceType or instanceCount, or raise " + CostPolicy.FIELD);
        }
    }

    boolean policyFailing() {
        return report.annotations().failing();
    }

    List<String> policyFailures() {
        List<String> out = new ArrayList<>();
        report.annotations().failures().forEach(p -> out.add(p.message()));
        return out;
    }
}
