package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.target.Observation;
import dev.dda.target.TargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs observe calls with bounded parallelism (they may be slow remote calls) and gathers every failure. */
final class Observer {
    @FunctionalInterface
    interface Call {
        Observation observe() throws TargetException;
    }

    private final Map<Address, Call> calls = new LinkedHashMap<>();

    void add(Address address, Call call) {
        calls.put(address, call);
    }

    Map<Address, Observation> run(int parallelism) throws PlanException {
        if (calls.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, calls.size()), r -> {
            Thread t = new Thread(r, "dda-observe");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Address, Future<Observation>> futures = new LinkedHashMap<>();
            calls.forEach((a, c) -> futures.put(a, pool.submit(c::observe)));
            Map<Address, Observation> out = new LinkedHashMap<>();
            Map<Address, String> errors = new TreeMap<>();
            for (var e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    Throwable cause = ex.getCause();
                    errors.put(e.getKey(), cause.getMessage() == null ? cause.toString() : cause.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                StringBuilder m = new StringBuilder("could not read the actual state of " + errors.size()
                        + (errors.size() == 1 ? " resource:" : " resources:"));
                // handlers often name the address themselves (their messages also reach apply's output alone)
                errors.forEach((a, msg) -> m.append("\n  ")
                        .append(msg.startsWith(a + ": ") ? msg : a + ": " + msg));
                throw new PlanException(m.toString());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while observing the target", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
