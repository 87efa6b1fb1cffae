package dev.dda.cli;

import dev.dda.apply.ApplyResult;
import dev.dda.apply.NodeResult;
import dev.dda.plan.Action;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end of an apply: one summary line, and a table of what happened to each change when not all went well. */
final class ApplyReport {
    /** What an applied change did, said as Terraform says it, so that reusing a finished job is not "applied". */
    private static final Map<Action, String> PAST = Map.of(Action.CREATE, "created", Action.UPDATE, "updated",
            Action.REPLACE, "replaced", Action.DELETE, "destroyed", Action.WAIT, "waited for", Action.REUSE, "reused");

    private ApplyReport() {}

    static void print(ApplyResult result, String verb, boolean interrupted, PrintStream out) {
        List<String> parts = new ArrayList<>();
        for (Action a : Action.values()) {
            long n = result.with(NodeResult.Status.APPLIED).stream().filter(r -> r.action() == a).count();
            if (n > 0) {
                parts.add(n + " " + PAST.getOrDefault(a, "applied"));
            }
        }
        for (NodeResult.Status s : NodeResult.Status.values()) {
            int n = result.with(s).size();
            if (n > 0 && s != NodeResult.Status.APPLIED) {
                parts.add(n + " " + label(s));
            }
        }
        boolean running = !result.with(NodeResult.Status.STILL_RUNNING).isEmpty();
        boolean clean = result.succeeded() && !running;
        String head = interrupted ? verb + " interrupted" : !result.succeeded() ? verb + " incomplete"
                : running ? verb + " in progress" : verb + " complete";
        out.println();
        out.println(head + ": " + (parts.isEmpty() ? "nothing to do" : String.join(", ", parts)) + ".");
        if (clean) {
            return;
        }
        out.println();
        int width = result.nodes().stream().mapToInt(n -> n.address().toString().length()).max().orElse(7);
        String row = "  %-13s  %-" + Math.max(width, 7) + "s  %s%n";
        out.printf(row, "STATUS", "ADDRESS", "DETAIL");
        for (NodeResult.Status s : List.of(NodeResult.Status.APPLIED, NodeResult.Status.FAILED,
                NodeResult.Status.UNSUPPORTED, NodeResult.Status.SKIPPED, NodeResult.Status.WAITING,
                NodeResult.Status.STILL_RUNNING)) {
            for (NodeResult n : result.with(s)) {
                out.printf(row, label(s), n.address(), s == NodeResult.Status.STILL_RUNNING
                        ? "job " + n.detail() : n.detail());
            }
        }
        if (!result.with(NodeResult.Status.STILL_RUNNING).isEmpty()) {
            out.println();
            out.println("Jobs still running are recorded in the state; run dda apply again to wait for them.");
        }
        if (!result.succeeded()) {
            out.println();
            // a destroy goes on from where it stopped by being run again, as an apply does
            String command = verb.toLowerCase(Locale.ROOT);
            out.println("Everything " + (command.equals("destroy") ? "destroyed" : "applied") + " is recorded in the"
                    + " state; " + (interrupted ? "" : "fix the cause and ") + "run dda " + command
                    + " again to go on from here.");
        }
    }

    private static String label(NodeResult.Status s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
