package dev.dda.target.aws;

import dev.dda.target.TargetException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How long-running jobs are waited for: a describe call, then a pause that grows by half each time up to a
 * ceiling (SageMaker and Greengrass throttle Describe* calls; a training job runs for minutes to hours).
 * Throttling and 5xx inside one call are the SDK's standard retry mode's job; this is the wait between calls.
 */
public record Polling(Duration first, Duration max) {
    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(5), Duration.ofSeconds(60));
    static final String ENV = "DDA_POLL_INTERVAL";
    /** How often a pause looks whether the wait should be left. */
    private static final long LEAVE_CHECK_MILLIS = 100;

    /**
     * {@code DDA_POLL_INTERVAL} seconds (a decimal) as the first pause, the ceiling twelve times that, as in the
     * default; unset means the default. Slower polling spares Describe* quota on accounts that run many pipelines.
     */
    public static Polling fromEnv(java.util.Map<String, String> env) {
        String text = env.get(ENV);
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds >= 0.001 && seconds <= 3600)) {
            throw new IllegalArgumentException(ENV + "=" + text + " is not a number of seconds between 0.001 and "
                    + "3600; the default is 5");
        }
        Duration first = Duration.ofNanos((long) (seconds * 1e9));
        return new Polling(first, first.multipliedBy(12));
    }

    /** One observation of a job: done (with a value) or not yet. */
    @FunctionalInterface
    interface Step<T> {
        T poll() throws TargetException;
    }

    /**
     * Consecutive polls that may fail transiently (throttling, 5xx, the network; each already retried by the
     * SDK) before the wait gives up: a blip in a four-hour training run should not end the apply.
     */
    static final int TRANSIENT_FAILURES = 5;

    /** Thrown when a wait is left early: the job keeps running, and a later apply waits for it. */
    static final class LeftWaiting extends TargetException {
        private static final long serialVersionUID = 1L;

        LeftWaiting() {
            super("stopped waiting because the apply was interrupted; the job keeps running and the next apply"
                    + " picks it up");
        }
    }

    /** Calls {@code step} until it returns non-null, sleeping with backoff between calls. */
    <T> T until(Step<T> step) throws TargetException {
        return until(step, () -> false);
    }

    /**
     * As {@link #until(Step)}, but gives up with {@link LeftWaiting} as soon as {@code leave} says so, even in
     * the middle of a pause (which may last a minute).
     */
    <T> T until(Step<T> step, BooleanSupplier leave) throws TargetException {
        Duration pause = first;
        int failures = 0;
        while (true) {
            T done = null;
            try {
                done = step.poll();
                failures = 0;
            } catch (TargetException e) {
                if (!e.retryable() || ++failures > TRANSIENT_FAILURES) {
                    throw e;
                }
            }
            if (done != null) {
                return done;
            }
            pause(pause, leave);
            long next = Math.min(max.toMillis(), pause.toMillis() * 3 / 2 + 1);
            pause = Duration.ofMillis(next);
        }
    }

    private static void pause(Duration pause, BooleanSupplier leave) throws TargetException {
        long end = System.nanoTime() + pause.toNanos();
        try {
            while (!leave.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, LEAVE_CHECK_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting; the job keeps running and the next apply "
                    + "picks it up by its name", e);
        }
        throw new LeftWaiting();
    }
}
