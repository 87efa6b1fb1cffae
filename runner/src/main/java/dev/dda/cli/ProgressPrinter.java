package dev.dda.cli;

import dev.dda.apply.ApplyEvent;
import dev.dda.apply.ApplyListener;
import dev.dda.plan.Action;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** One line per apply event, with the time since the apply started. */
final class ProgressPrinter implements ApplyListener {
    private final PrintStream out;
    private final Instant start;

    ProgressPrinter(PrintStream out, Instant start) {
        this.out = out;
        this.start = start;
    }

    @Override
    public void on(ApplyEvent event) {
        out.printf("[%7s] %s: %s%n", seconds(Duration.between(start, event.at())), event.address(), text(event));
        out.flush();
    }

    /** Java 17 has no pattern switch yet; the sealed interface keeps this list complete. */
    private static String text(ApplyEvent event) {
        if (event instanceof ApplyEvent.Started s) {
            return verb(s.action()) + "…";
        } else if (event instanceof ApplyEvent.Progress p) {
            return p.message();
        } else if (event instanceof ApplyEvent.Applied a) {
            return done(a.action()) + " in " + seconds(a.took());
        } else if (event instanceof ApplyEvent.Failed f) {
            return "FAILED: " + f.message();
        } else if (event instanceof ApplyEvent.Skipped s) {
            return "skipped: " + s.reason();
        } else if (event instanceof ApplyEvent.Waiting w) {
            return "waits: " + w.reason();
        } else if (event instanceof ApplyEvent.Pending p) {
            return "job " + p.jobRef() + " is still running; run dda apply again to pick it up";
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }

    private static String verb(Action a) {
        return switch (a) {
            case CREATE -> "creating";
            case UPDATE -> "updating";
            case REPLACE -> "replacing";
            case DELETE -> "deleting";
            case NOOP -> "recording";
            case WAIT -> "waiting for its job";
            case REUSE -> "reusing the finished job";
        };
    }

    private static String done(Action a) {
        return switch (a) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case REPLACE -> "replaced";
            case DELETE -> "deleted";
            case NOOP -> "recorded";
            case WAIT -> "job finished";
            case REUSE -> "reused";
        };
    }
}
