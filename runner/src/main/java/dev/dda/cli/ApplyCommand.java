package dev.dda.cli;

import dev.dda.git.Provenance;
import dev.dda.apply.ApplyOptions;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.json.PlanFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda apply}: plan (or take a saved plan), ask, and make it so. */
public final class ApplyCommand implements Command {
    @Override
    public String name() {
        return "apply";
    }

    @Override
    public String summary() {
        return "make the target match the spec (or apply a saved plan)";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        CliOptions.addTargets(o);
        CliOptions.addAutoApprove(o);
        o.addOption(Option.builder().longOpt("no-wait")
                .desc("start long-running jobs and return; a later apply picks them up").build());
        o.addOption(Option.builder().longOpt("parallelism").hasArg().argName("N")
                .desc("apply at most N resources at once (default " + ApplyOptions.DEFAULT_PARALLELISM + ")").build());
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda apply [-f FILE | PLANFILE] [OPTIONS]", summary(), console);
            return 0;
        }
        int parallelism = CliOptions.positiveInt(cl, "parallelism", ApplyOptions.DEFAULT_PARALLELISM);
        List<String> rest = cl.getArgList();
        if (rest.size() > 1) {
            throw new UsageException("expected at most one PLANFILE, got " + rest);
        }
        if (rest.isEmpty()) {
            return fromSpec(cl, parallelism, console);
        }
        if (cl.hasOption("file") || cl.hasOption("target")) {
            throw new UsageException("a saved plan already names its spec and targets; drop -f and --target, or"
                    + " drop the PLANFILE to plan afresh");
        }
        return fromPlanFile(Path.of(rest.get(0)), cl, parallelism, console);
    }

    private int fromSpec(CommandLine cl, int parallelism, Console console) throws Exception {
        Path specFile = CliOptions.specFile(cl);
        Set<dev.dda.graph.Address> targets = CliOptions.targets(cl);
        try (Workspace ws = Workspace.open(specFile, CliOptions.root(cl), console)) {
            ApplyRun.failFastIfLocked(ws);
            Plan plan = Plans.make(new Plans.Request(ws, specFile, targets, PlanMode.NORMAL));
            GitOpsReport.refuseIfPolicyFails(ws.spec, ws.graph, plan);
            return ApplyRun.run(ws, plan, PlanMode.NORMAL, options(ws, plan, cl, parallelism),
                    cl.hasOption("auto-approve"), "Do you want to perform these actions?", console);
        }
    }

    private int fromPlanFile(Path file, CommandLine cl, int parallelism, Console console) throws Exception {
        PlanFile saved = PlanFile.read(file);
        if (saved.mode() == PlanMode.REFRESH_ONLY) {
            throw new UsageException(file + " is a refresh-only plan: it reports drift and changes nothing;"
                    + " run dda plan to see what would fix the drift");
        }
        Path root = CliOptions.root(cl) != null ? CliOptions.root(cl) : saved.root();
        try (Workspace ws = Workspace.open(saved.specPath(), root, console)) {
            String planned = saved.plan().plannedAgainst().specHash();
            if (!planned.equals(ws.spec.specHash())) {
                throw new UsageException("the spec " + saved.specPath() + " changed since " + file
                        + " was made; run dda plan again and review the new plan");
            }
            if (saved.mode() == PlanMode.NORMAL) {
                GitOpsReport.refuseIfPolicyFails(ws.spec, ws.graph, saved.plan());
            }
            String verb = saved.mode() == PlanMode.DESTROY ? "destroy" : "apply";
            return ApplyRun.run(ws, saved.plan(), saved.mode(),
                    options(ws, saved.plan(), cl, parallelism).withOperation(verb), true, "", console);
        }
    }

    static ApplyOptions options(Workspace ws, Plan plan, CommandLine cl, int parallelism) {
        return ApplyOptions.defaults(ws.specDirectory()).withParallelism(parallelism)
                .withNoWait(cl.hasOption("no-wait"))
                .withGitCommit(new Provenance(plan.plannedAgainst().gitCommit(), plan.plannedAgainst().gitDirty())
                        .tagValue());
    }
}
