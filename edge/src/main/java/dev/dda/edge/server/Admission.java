package dev.dda.edge.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded worker pool and queue in front of the model. {@code workers} requests run at once, at most
 * {@code queue} more wait; anything beyond is refused at once (429 with Retry-After), so latency under overload
 * stays bounded instead of growing with an unbounded queue.
 */
final class Admission {
    private final Semaphore admitted;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final long maxWaitMillis;

    Admission(int workers, int queue, long maxWaitMillis) {
        this.admitted = new Semaphore(workers + queue);
        this.running = new Semaphore(workers, true);
        this.maxWaitMillis = maxWaitMillis;
    }

    interface Work<T> {
        T run() throws Exception;
    }

    <T> T run(Work<T> work) throws Exception {
        if (!admitted.tryAcquire()) {
            throw new HttpError(429, "server busy: all workers and queue slots are taken; retry shortly",
                    java.util.Map.of(), 1);
        }
        try {
            waiting.incrementAndGet();
            boolean got;
            try {
                got = running.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            if (!got) {
                throw new HttpError(503, "request waited " + maxWaitMillis + " ms for a worker; retry shortly",
                        java.util.Map.of(), 1);
            }
            try {
                return work.run();
            } finally {
                running.release();
            }
        } finally {
            admitted.release();
        }
    }

    int queueDepth() {
        return waiting.get();
    }
}
