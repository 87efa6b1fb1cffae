package dev.dda.cli;

import dev.dda.spec.Diagnostic;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda validate [-f FILE]}: every problem of a spec at once; writes nothing. */
public final class ValidateCommand implements Command {
    static final String DEFAULT_FILE = "dda-pipeline.yaml";

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check a spec: YAML, schema, references and AWS naming rules (writes nothing)";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options options = new Options();
        options.addOption(Option.builder("f").longOpt("file").hasArg().argName("FILE")
                .desc("the spec (default ./" + DEFAULT_FILE + ")").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        CommandLine line = CliOptions.parse(options, args, "validate");
        if (line.hasOption("help")) {
            new HelpFormatter().printHelp(new java.io.PrintWriter(console.out(), true), 100,
                    "dda validate [-f FILE]", "Checks a spec and prints every problem as FILE:LINE:COLUMN: message. "
                            + "Exit 0 when valid, 1 otherwise.", options, 2, 2, "");
            return 0;
        }
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument '" + line.getArgList().get(0) + "'; pass the spec with -f FILE");
        }
        Path file = Path.of(line.getOptionValue("file", DEFAULT_FILE));
        SpecResult result = SpecLoader.load(file, console.env());
        for (Diagnostic d : result.diagnostics()) {
            (d.isError() ? console.err() : console.out()).println(d.render());
        }
        if (result.hasErrors()) {
            long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
            console.err().println(file + ": " + errors + (errors == 1 ? " error" : " errors"));
            return 1;
        }
        console.out().println(file + ": OK (pipeline " + result.specOrNull().pipeline() + ", target "
                + result.specOrNull().target() + ")");
        return 0;
    }
}
