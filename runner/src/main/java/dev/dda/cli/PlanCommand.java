package dev.dda.cli;

import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.json.PlanFile;
import dev.dda.target.TargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda plan}: what apply would change, and why. Changes nothing. */
public final class PlanCommand implements Command {
    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String summary() {
        return "show what apply would change and why";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        CliOptions.addTargets(o);
        CliOptions.addFormat(o, "text, json or markdown");
        o.addOption(Option.builder().longOpt("out").hasArg().argName("PLANFILE")
                .desc("save the plan for dda apply PLANFILE").build());
        o.addOption(Option.builder().longOpt("detailed-exitcode")
                .desc("exit 0 when there is nothing to change, 2 when there is, 1 on error").build());
        o.addOption(Option.builder().longOpt("refresh-only")
                .desc("only report drift: what changed in the target since the last apply (exit 2 on drift)")
                .build());
        o.addOption(GitOpsReport.baseOption());
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda plan [OPTIONS]", summary(), console);
            return 0;
        }
        String format = CliOptions.format(cl, Set.of("text", "json", "markdown"));
        PlanMode mode = cl.hasOption("refresh-only") ? PlanMode.REFRESH_ONLY : PlanMode.NORMAL;
        Path specFile = CliOptions.specFile(cl);
        String base = cl.getOptionValue("base");
        try (Workspace ws = Workspace.open(specFile, CliOptions.root(cl), console)) {
            Plans.Request req = new Plans.Request(ws, specFile, CliOptions.targets(cl), mode);
            Plan plan = Plans.make(req);
            GitOpsReport report = GitOpsReport.of(ws.spec, ws.graph, plan, mode, base);
            console.out().print(report.render(format, console));
            if (cl.hasOption("out")) {
                Path out = Path.of(cl.getOptionValue("out"));
                new PlanFile(plan, mode, ws.spec.file(), List.copyOf(req.targets()), CliOptions.root(cl)).write(out);
                console.err().println("Saved the plan to " + out + "; apply exactly this plan with: dda apply " + out);
            }
            if (report.policyFailing()) {
                report.policyFailures().forEach(m -> console.err().println("dda plan: policy check failed: " + m));
                return 1;
            }
            if (mode == PlanMode.REFRESH_ONLY) {
                return plan.hasChanges() ? 2 : 0;
            }
            return cl.hasOption("detailed-exitcode") && plan.hasChanges() ? 2 : 0;
        } catch (TargetException e) {
            if (base == null) {
                throw e;
            }
            return GitOpsReport.specOnly(specFile, base, e.getMessage(), format, console);
        }
    }
}
