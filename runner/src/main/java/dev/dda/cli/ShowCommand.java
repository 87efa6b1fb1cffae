package dev.dda.cli;

import dev.dda.plan.json.PlanFile;
import dev.dda.view.PlanView;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dda show PLANFILE}: render a saved plan. */
public final class ShowCommand implements Command {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public String summary() {
        return "render a saved plan as text, JSON or Markdown";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addFormat(o, "text, json or markdown");
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda show PLANFILE [--format text|json|markdown]", summary(), console);
            return 0;
        }
        if (cl.getArgList().size() != 1) {
            throw new UsageException("expected one PLANFILE (made with dda plan --out PLANFILE)");
        }
        String format = CliOptions.format(cl, Set.of("text", "json", "markdown"));
        PlanFile saved = PlanFile.read(Path.of(cl.getArgList().get(0)));
        console.out().print(PlanView.forFormat(format, console.color()).render(saved.plan(), saved.mode()));
        return 0;
    }
}
