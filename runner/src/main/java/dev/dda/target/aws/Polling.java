package dev.dda.target.aws;

import dev.dda.target.TargetException;
import java.time.Duration;

/**
 * How long-running jobs are waited for: a describe call, then a pause that grows by half each time up to a
 * ceiling (SageMaker and Greengrass throttle Describe* calls; a training job runs for minutes to hours).
 * Throttling and 5xx inside one call are the SDK's standard retry mode's job; this is the wait between calls.
 */
public record Polling(Duration first, Duration max) {
    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(5), Duration.ofSeconds(60));
    static final String ENV = "DDA_POLL_INTERVAL";

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

    /** Calls {@code step} until it returns non-null, sleeping with backoff between calls. */
    <T> T until(Step<T> step) throws TargetException {
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
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while waiting; the job keeps running and the next apply "
                        + "picks it up by its name", e);
            }
            long next = Math.min(max.toMillis(), pause.toMillis() * 3 / 2 + 1);
            pause = Duration.ofMillis(next);
        }
    }
}
