package dev.dda.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.git.ChangedSpecs.ChangedSpec;
import dev.dda.git.ChangedSpecs;
import dev.dda.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dda changed --since REV}: the pipeline specs whose inputs (the spec file, or a file in a dataset folder it
 * references) changed since REV, for a CI matrix. Text prints one spec path per line (repository-relative);
 * JSON prints an array of {@code {spec, pipeline, target, reasons}}, ready for {@code fromJSON} in a workflow.
 */
public final class ChangedCommand implements Command {
    @Override
    public String name() {
        return "changed";
    }

    @Override
    public String summary() {
        return "list the pipeline specs whose inputs changed since a git revision";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        o.addOption(Option.builder().longOpt("since").hasArg().argName("REV")
                .desc("the revision to compare with, such as origin/main or HEAD~1 (required)").build());
        o.addOption(Option.builder().longOpt("all")
                .desc("list every pipeline spec, changed or not (for scheduled drift checks)").build());
        o.addOption(Option.builder("C").longOpt("dir").hasArg().argName("DIR")
                .desc("a folder inside the repository to search (default: the current folder)").build());
        CliOptions.addFormat(o, "text or json");
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda changed (--since REV | --all) [--format text|json]", summary(), console);
            return 0;
        }
        if (cl.hasOption("since") == cl.hasOption("all")) {
            throw new UsageException("give either --since REV (such as --since origin/main) or --all");
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        String format = CliOptions.format(cl, Set.of("text", "json"));
        String since = cl.getOptionValue("since");
        Path dir = Path.of(cl.getOptionValue("dir", "."));
        List<ChangedSpec> changed = since == null ? ChangedSpecs.all(dir) : ChangedSpecs.since(dir, since);
        if (format.equals("json")) {
            console.out().println(json(changed));
        } else {
            changed.forEach(c -> console.out().println(c.spec()));
            changed.stream().filter(c -> !c.reasons().isEmpty())
                    .forEach(c -> console.err().println(c.spec() + ": " + String.join("; ", c.reasons())));
        }
        console.err().println(changed.size() + (changed.size() == 1 ? " pipeline spec" : " pipeline specs")
                + (since == null ? " found" : " changed since " + since));
        return 0;
    }

    static String json(List<ChangedSpec> changed) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (ChangedSpec c : changed) {
            ObjectNode n = out.addObject();
            n.put("spec", c.spec());
            n.put("pipeline", c.pipeline());
            n.put("target", c.target());
            ArrayNode reasons = n.putArray("reasons");
            c.reasons().forEach(reasons::add);
        }
        return out.toString(); // compact, on one line: fit for $GITHUB_OUTPUT
    }
}
