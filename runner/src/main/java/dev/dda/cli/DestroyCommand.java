package dev.dda.cli;

import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dda destroy}: remove what the pipeline created; protected resources only when named. */
public final class DestroyCommand implements Command {
    @Override
    public String name() {
        return "destroy";
    }

    @Override
    public String summary() {
        return "remove what the pipeline created (protected resources only when named with --target)";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        CliOptions.addTargets(o);
        CliOptions.addAutoApprove(o);
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda destroy [-f FILE] [--target ADDR]... [--auto-approve]", summary(), console);
            return 0;
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument " + cl.getArgList().get(0));
        }
        Path specFile = CliOptions.specFile(cl);
        try (Workspace ws = Workspace.open(specFile, CliOptions.root(cl), console)) {
            ApplyRun.failFastIfLocked(ws);
            Plan plan = Plans.make(new Plans.Request(ws, specFile, CliOptions.targets(cl), PlanMode.DESTROY));
            return ApplyRun.run(ws, plan, PlanMode.DESTROY,
                    ApplyCommand.options(ws, plan, cl, 4).withOperation("destroy"), cl.hasOption("auto-approve"),
                    "Do you really want to destroy these resources? There is no undo.", console);
        }
    }
}
