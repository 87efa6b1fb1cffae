package dev.dda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import dev.dda.graph.Address;
import dev.dda.text.EditDistance;

/** Shared option parsing for the engine commands: the same flags mean the same thing everywhere. */
final class CliOptions {
    static final String DEFAULT_SPEC = "dda-pipeline.yaml";

    private CliOptions() {}

    static Options base() {
        Options o = new Options();
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return o;
    }

    static void addSpec(Options o) {
        o.addOption(Option.builder("f").longOpt("file").hasArg().argName("FILE")
                .desc("the pipeline spec (default ./" + DEFAULT_SPEC + ")").build());
        o.addOption(Option.builder().longOpt("root").hasArg().argName("DIR")
                .desc("where the local target keeps its state and data (default: $DDA_ROOT, else the spec's"
                        + " state.local.path, else .dda)").build());
    }

    static void addTargets(Options o) {
        o.addOption(Option.builder().longOpt("target").hasArg().argName("ADDR")
                .desc("limit to this resource and what it depends on; repeatable").build());
    }

    static void addFormat(Options o, String formats) {
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT").desc(formats + " (default text)")
                .build());
    }

    static void addAutoApprove(Options o) {
        o.addOption(Option.builder().longOpt("auto-approve").desc("do not ask for confirmation").build());
    }

    static CommandLine parse(Options o, List<String> args, String command) throws UsageException {
        try {
            return new DefaultParser().parse(o, args.toArray(String[]::new));
        } catch (UnrecognizedOptionException e) {
            throw new UsageException("unknown option " + e.getOption() + meant(o, e.getOption()) + "; run 'dda "
                    + command + " --help' for the options");
        } catch (ParseException e) {
            throw new UsageException(e.getMessage() + "; run 'dda " + command + " --help' for the options");
        }
    }

    /** " (did you mean --X?)" for a mistyped option, or for Terraform's -json where dda has --format json. */
    static String meant(Options o, String typed) {
        String name = typed.replaceFirst("^-+", "").replaceFirst("=.*", "");
        if (name.equals("json") && o.hasLongOption("format")) {
            return " (did you mean --format json?)";
        }
        List<String> known = o.getOptions().stream().map(Option::getLongOpt).filter(Objects::nonNull).toList();
        return EditDistance.closest(name, known, 2).map(m -> " (did you mean --" + m + "?)").orElse("");
    }

    static void help(Options o, String usage, String summary, Console console) {
        PrintWriter w = new PrintWriter(console.out(), true);
        new HelpFormatter().printHelp(w, 100, usage, summary, o, 2, 2, "", false);
        w.flush();
    }

    static Path specFile(CommandLine cl) {
        return Path.of(cl.getOptionValue("file", DEFAULT_SPEC));
    }

    static Path root(CommandLine cl) {
        return cl.hasOption("root") ? Path.of(cl.getOptionValue("root")) : null;
    }

    static Set<Address> targets(CommandLine cl) throws UsageException {
        Set<Address> out = new TreeSet<>();
        String[] values = cl.getOptionValues("target");
        if (values != null) {
            for (String v : values) {
                try {
                    out.add(Address.parse(v));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--target " + e.getMessage());
                }
            }
        }
        return out;
    }

    static String format(CommandLine cl, Set<String> allowed) throws UsageException {
        String f = cl.getOptionValue("format", "text");
        if (!allowed.contains(f)) {
            throw new UsageException("--format " + f + " is not known; expected one of " + String.join(", ",
                    new TreeSet<>(allowed)));
        }
        return f;
    }

    static int positiveInt(CommandLine cl, String option, int dflt) throws UsageException {
        if (!cl.hasOption(option)) {
            return dflt;
        }
        String v = cl.getOptionValue(option);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a whole number of at least 1, not '" + v + "'");
    }
}
