package dev.dda.cli;

import dev.dda.apply.Interruption;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT or SIGTERM (Ctrl-C, a cancelled CI job) during an apply into a clean stop, as Terraform does: the
 * JVM runs this hook, which asks the apply to stop and then holds the exit until the apply has finished the steps
 * under way, written the state, released the lock and printed its report (or until the grace period ends). The
 * process then exits with the signal's status (130 or 143).
 */
final class InterruptHook implements AutoCloseable {
    /** Longest the exit is held for the steps under way; CI runners kill harder well before. */
    static final long GRACE_SECONDS = 60;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private InterruptHook(Interruption interruption, PrintStream err) {
        this.hook = new Thread(() -> {
            interruption.request("interrupted by a signal");
            err.println();
            err.println("Interrupt received: dda starts nothing more and stops waiting for running jobs (they go on,"
                    + " and the next apply picks them up); the steps under way finish, then the state is written"
                    + " and the lock released.");
            err.flush();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dda-interrupt");
    }

    static InterruptHook install(Interruption interruption, PrintStream err) {
        InterruptHook h = new InterruptHook(interruption, err);
        Runtime.getRuntime().addShutdownHook(h.hook);
        return h;
    }

    /** The apply is over and reported: the exit may go on, and a later signal is the JVM's own business. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
