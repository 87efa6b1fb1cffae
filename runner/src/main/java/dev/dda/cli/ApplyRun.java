package dev.dda.cli;

import dev.dda.apply.Applier;
import dev.dda.apply.ApplyOptions;
import dev.dda.apply.ApplyResult;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.view.TextPlanView;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** What apply and destroy share: show the plan, ask for approval, apply with progress, report. */
final class ApplyRun {
    private ApplyRun() {}

    static int run(Workspace ws, Plan plan, PlanMode mode, ApplyOptions options, boolean autoApprove,
                   String question, Console console) throws Exception {
        console.out().print(new TextPlanView(console.color()).render(plan, mode));
        if (plan.changes().isEmpty()) {
            return 0;
        }
        if (plan.hasChanges() && !autoApprove && !approved(question, console)) {
            console.out().println("Cancelled: nothing was changed.");
            return 1;
        }
        console.out().println();
        try (InterruptHook hook = InterruptHook.install(options.interruption(), console.err())) {
            ApplyResult result = new Applier().apply(plan, ws.graph, ws.target, options,
                    new ProgressPrinter(console.out(), Instant.now()));
            ApplyReport.print(result, mode == PlanMode.DESTROY ? "Destroy" : "Apply",
                    options.interruption().requested(), console.out());
            console.out().flush();
            return result.succeeded() ? 0 : 1;
        }
    }

    /**
     * Fails at once when someone holds the lock, before a possibly long plan: a second concurrent apply should
     * not observe everything only to be refused at the end. The applier takes the lock for real afterwards.
     */
    static void failFastIfLocked(Workspace ws) throws java.io.IOException {
        var lock = ws.target.lock();
        lock.release(lock.acquire("plan before apply", java.time.Duration.ofMinutes(1)));
    }

    private static boolean approved(String question, Console console) throws Exception {
        if (System.console() == null) {
            throw new UsageException("standard input is not a terminal, so dda cannot ask for approval; review"
                    + " the plan (dda plan) and pass --auto-approve");
        }
        console.out().println();
        console.out().print(question + "\n  Only 'yes' will be accepted: ");
        console.out().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return "yes".equals(answer == null ? null : answer.trim());
    }
}
