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

    /** One observation of a job: done (with a value) or not yet. */
    @FunctionalInterface
    interface Step<T> {
        T poll() throws TargetException;
    }

    /** Calls {@code step} until it returns non-null, sleeping with backoff between calls. */
    <T> T until(Step<T> step) throws TargetException {
        Duration pause = first;
        while (true) {
            T done = step.poll();
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
