package dev.dda.cli;

import dev.dda.graph.Address;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import dev.dda.state.StateEdit;
import dev.dda.text.EditDistance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dda state list} and {@code dda state rm ADDR...}: read the recorded state, or make dda forget resources
 * without touching them in the target (to stop managing one, or to recover from a resource removed by hand).
 */
public final class StateCommand implements Command {
    private static final String USAGE = "dda state list [-f FILE] | dda state rm ADDR... [-f FILE] [--dry-run]";

    @Override
    public String name() {
        return "state";
    }

    @Override
    public String summary() {
        return "list the recorded resources, or forget some (rm) without touching them in the target";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        o.addOption(Option.builder().longOpt("dry-run").desc("say what rm would forget, and change nothing").build());
        CommandLine cl = CliOptions.parse(o, args, name());
        List<String> words = cl.getArgList();
        if (cl.hasOption("help") || words.isEmpty()) {
            CliOptions.help(o, USAGE, summary(), console);
            return words.isEmpty() && !cl.hasOption("help") ? 1 : 0;
        }
        String sub = words.get(0);
        if (!sub.equals("list") && !sub.equals("rm")) {
            throw new UsageException("unknown subcommand '" + sub + "'; use list or rm");
        }
        try (Workspace ws = Workspace.open(CliOptions.specFile(cl), CliOptions.root(cl), console)) {
            Optional<State> state = ws.target.stateStore().load();
            if (sub.equals("list")) {
                if (words.size() > 1) {
                    throw new UsageException("state list takes no addresses");
                }
                state.ifPresent(s -> s.asMap().keySet().forEach(a -> console.out().println(a)));
                return 0;
            }
            Set<Address> addresses = addresses(words.subList(1, words.size()), state);
            for (Address a : addresses) {
                console.out().println((cl.hasOption("dry-run") ? "Would remove " : "Removing ") + a + ": "
                        + consequence(a, ws, state.orElseThrow()));
            }
            if (!cl.hasOption("dry-run")) {
                State written = StateEdit.forget(ws.target.stateStore(), ws.target.lock(), addresses);
                console.out().println("Removed " + addresses.size() + " resource(s) from the state (serial "
                        + written.serial() + "); nothing in the target was changed.");
            }
            return 0;
        }
    }

    private static Set<Address> addresses(List<String> typed, Optional<State> state) throws UsageException {
        if (typed.isEmpty()) {
            throw new UsageException("name the resources to forget, e.g. dda state rm bucket.data");
        }
        Set<String> known = new TreeSet<>();
        state.ifPresent(s -> s.asMap().keySet().forEach(a -> known.add(a.toString())));
        Set<Address> out = new LinkedHashSet<>();
        for (String t : typed) {
            Address a;
            try {
                a = Address.parse(t);
            } catch (IllegalArgumentException e) {
                throw new UsageException(t + ": not an address; expected KIND.NAME such as bucket.data");
            }
            if (!known.contains(a.toString())) {
                throw new UsageException(a + " is not in the state" + EditDistance.closest(t, known, 3)
                        .map(b -> " (did you mean " + b + "?)").orElse(known.isEmpty() ? ": the state is empty"
                                : "; dda state list shows what is"));
            }
            out.add(a);
        }
        return out;
    }

    /** What forgetting {@code a} leads to, so nobody is surprised by the next plan. */
    private static String consequence(Address a, Workspace ws, State state) {
        List<String> dependents = new ArrayList<>();
        for (ResourceState r : state.asMap().values()) {
            if (RecordedDependencies.of(r).contains(a)) {
                dependents.add(r.address().toString());
            }
        }
        String next = ws.graph.get(a).isPresent()
                ? "it is still in the spec, so the next plan looks for it in the target again: it adopts it if it is"
                        + " there, or creates it"
                : "it is not in the spec, so dda stops managing it; it stays in the target as it is";
        return next + (dependents.isEmpty() ? "" : " (recorded as needed by " + String.join(", ", dependents) + ")");
    }
}
