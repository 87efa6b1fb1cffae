package dev.dda.cli;

import dev.dda.edge.Failures;
import dev.dda.text.EditDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code dda COMMAND [OPTIONS]}. */
public final class Main {
    private Main() {}

    /** Every command, in the order help lists them. One line each, so that parallel work merges cleanly. */
    static List<Command> commands() {
        List<Command> all = new ArrayList<>();
        all.add(new ValidateCommand());
        all.add(new PlanCommand());
        all.add(new ApplyCommand());
        all.add(new DestroyCommand());
        all.add(new ShowCommand());
        all.add(new StatusCommand());
        all.add(new UnlockCommand());
        all.add(new StateCommand());
        all.add(new EdgeCommand());
        all.add(new TrainCommand());
        all.add(new ChangedCommand());
        all.add(new RenderCommand());
        all.add(new BootstrapCommand());
        all.add(new LogsCommand());
        return all;
    }

    public static void main(String[] args) {
        System.exit(run(args, Console.system()));
    }

    public static int run(String[] args, Console console) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands()) {
            byName.put(c.name(), c);
        }
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            printHelp(byName, console);
            return args.length == 0 ? 1 : 0;
        }
        Command command = byName.get(args[0]);
        if (command == null) {
            console.err().println("dda: unknown command '" + args[0] + "'" + suggestion(args[0], byName.keySet())
                    + "; run 'dda help' for the list");
            return 1;
        }
        try {
            return command.run(Arrays.asList(args).subList(1, args.length), console);
        } catch (UsageException e) {
            console.err().println("dda " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            console.err().println("dda " + command.name() + ": " + Failures.describe(e));
            if (console.env().containsKey("DDA_DEBUG")) {
                e.printStackTrace(console.err());
            }
            return 1;
        }
    }

    private static void printHelp(Map<String, Command> byName, Console console) {
        console.out().println("usage: dda COMMAND [OPTIONS]   (dda COMMAND --help for its options)");
        console.out().println();
        for (Command c : byName.values()) {
            console.out().printf("  %-10s %s%n", c.name(), c.summary());
        }
    }

    static String suggestion(String typed, java.util.Collection<String> names) {
        return EditDistance.closest(typed, names, 2).map(best -> " (did you mean '" + best + "'?)").orElse("");
    }
}
