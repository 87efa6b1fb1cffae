package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.FileLeaseLock;
import dev.dda.state.FileStateStore;
import dev.dda.state.LeaseLock;
import dev.dda.state.ResourceState;
import dev.dda.state.StateStore;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory target for engine tests: a "world" of resources, configurable latency, failures, long-running
 * jobs and crashes, and counters that let tests check ordering, concurrency and that nothing ran twice.
 */
public class FakeTarget implements Target {
    public final Map<Address, Map<String, Object>> world = new ConcurrentHashMap<>();
    public final Map<Address, String> runningJobs = new ConcurrentHashMap<>();
    public final Map<Address, AtomicInteger> creates = new ConcurrentHashMap<>();
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    public final Set<Address> failing = ConcurrentHashMap.newKeySet();
    /** Addresses whose apply "crashes" right after recording its intent and starting its job. */
    public final Set<Address> crashAfterIntent = ConcurrentHashMap.newKeySet();
    /** Addresses whose apply "crashes" right after the resource was created, before apply could record it. */
    public final Set<Address> crashAfterCreate = ConcurrentHashMap.newKeySet();
    /** Kinds whose resources are long-running jobs. */
    public final Set<String> jobKinds = ConcurrentHashMap.newKeySet();
    public final Set<String> unsupportedKinds = ConcurrentHashMap.newKeySet();
    public final AtomicInteger concurrent = new AtomicInteger();
    public final AtomicInteger maxConcurrent = new AtomicInteger();
    public volatile long latencyMillis;
    public final AtomicInteger renewals = new AtomicInteger();
    /** Runs when an apply starts, before its latency: lets a test act while a node is in flight. */
    public volatile Runnable onApplyStart = () -> { };
    private final FileStateStore store;
    private final LeaseLock lock;

    public FakeTarget(Path dir) {
        this(dir, "tester");
    }

    public FakeTarget(Path dir, String holder) {
        this.store = new FileStateStore(dir.resolve("state.json"));
        this.lock = new CountingLock(new FileLeaseLock(dir.resolve("state.lock"), holder, Clock.systemUTC()));
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Optional<ResourceHandler> handler(String kind) {
        return unsupportedKinds.contains(kind) ? Optional.empty() : Optional.of(new Handler());
    }

    @Override
    public StateStore stateStore() {
        return store;
    }

    @Override
    public LeaseLock lock() {
        return lock;
    }

    public int createsOf(Address a) {
        AtomicInteger n = creates.get(a);
        return n == null ? 0 : n.get();
    }

    /** Counts renewals, so tests can see that a long apply keeps its lease alive. */
    private final class CountingLock implements LeaseLock {
        private final LeaseLock inner;

        CountingLock(LeaseLock inner) {
            this.inner = inner;
        }

        @Override
        public dev.dda.state.Lease acquire(String operation, java.time.Duration ttl) throws java.io.IOException {
            return inner.acquire(operation, ttl);
        }

        @Override
        public dev.dda.state.Lease renew(dev.dda.state.Lease lease, java.time.Duration ttl)
                throws java.io.IOException {
            dev.dda.state.Lease l = inner.renew(lease, ttl);
            renewals.incrementAndGet();
            return l;
        }

        @Override
        public void release(dev.dda.state.Lease lease) throws java.io.IOException {
            inner.release(lease);
        }

        @Override
        public Optional<dev.dda.state.Lease> current() throws java.io.IOException {
            return inner.current();
        }

        @Override
        public Optional<dev.dda.state.Lease> forceRelease() throws java.io.IOException {
            return inner.forceRelease();
        }
    }

    private final class Handler implements ResourceHandler {
        @Override
        public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context) {
            return observeAt(desired.address());
        }

        private Observation observeAt(Address a) {
            if (runningJobs.containsKey(a)) {
                return new Observation(Observation.Presence.IN_PROGRESS, Map.of(), "running");
            }
            Map<String, Object> attrs = world.get(a);
            return attrs == null ? Observation.absent() : Observation.present(attrs);
        }

        @Override
        public Observation observeOrphan(ResourceState prior, PlanContext context) {
            return observeAt(prior.address());
        }

        @Override
        public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext ctx) {
            Map<String, Object> want = Json.redact(desired.attributes());
            String digest = ctx.digest(desired.address());
            return switch (actual.presence()) {
                case ABSENT -> change(desired, Action.CREATE, List.of("does not exist"), null, want, digest);
                case IN_PROGRESS -> change(desired, Action.WAIT, List.of("job still running"), null, want, digest);
                case FAILED -> change(desired, Action.REPLACE, List.of("job failed"), null, want, digest);
                case PRESENT -> Json.canonical(actual.attributes()).equals(Json.canonical(want))
                        ? change(desired, Action.NOOP, List.of(), actual.attributes(), want, digest)
                        : change(desired, Action.UPDATE, List.of("attributes differ"), actual.attributes(), want,
                                digest);
            };
        }

        private Change change(Resource r, Action action, List<String> reasons, Map<String, Object> before,
                              Map<String, Object> after, String digest) {
            return new Change(r.address(), action, reasons, before, after, r.dependsOn(), digest);
        }

        @Override
        public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
            Address a = change.address();
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            log.add("start " + a);
            log.add("apply " + a + " " + change.action().label());
            onApplyStart.run();
            try {
                sleep();
                if (failing.contains(a)) {
                    throw new TargetException("simulated failure of " + a);
                }
                if (change.action() == Action.NOOP || change.action() == Action.REUSE) {
                    return new ApplyOutcome.Done(Map.of("id", a.toString()));
                }
                if (jobKinds.contains(a.kind()) && world.get(a) == null) {
                    String job = "job-" + context.digest(a).substring(7, 15);
                    context.recordIntent(a, job);
                    creates.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
                    runningJobs.put(a, job);
                    context.progress().report(a, "started " + job);
                    if (crashAfterIntent.remove(a)) {
                        throw new IllegalStateException("simulated crash after starting " + job);
                    }
                    if (context.noWait()) {
                        return new ApplyOutcome.Pending(job, Map.of());
                    }
                    finishJob(a, desired);
                    return new ApplyOutcome.Done(Map.of("id", a.toString(), "job", job));
                }
                if (change.action() == Action.CREATE || change.action() == Action.REPLACE) {
                    creates.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
                }
                world.put(a, Json.redact(desired.attributes()));
                if (crashAfterCreate.remove(a)) {
                    throw new IllegalStateException("simulated crash after creating " + a);
                }
                return new ApplyOutcome.Done(Map.of("id", a.toString()));
            } finally {
                log.add("end " + a);
                concurrent.decrementAndGet();
            }
        }

        private void finishJob(Address a, Resource desired) {
            runningJobs.remove(a);
            world.put(a, Json.redact(desired.attributes()));
        }

        @Override
        public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
            log.add("await " + change.address());
            runningJobs.remove(change.address());
            world.put(change.address(), change.after());
            return new ApplyOutcome.Done(Map.of("id", change.address().toString(), "job", started.jobRef()));
        }

        /** A resource whose attributes say {@code takesWithIt: WHAT} takes WHAT with it when deleted. */
        @Override
        public List<String> deleteConsequences(ResourceState prior) {
            Object what = prior.attributes().get("takesWithIt");
            return what == null ? List.of() : List.of("takes " + what + " with it");
        }

        @Override
        public void delete(ResourceState prior, ApplyContext context) throws TargetException {
            if (failing.contains(prior.address())) {
                throw new TargetException("simulated failure deleting " + prior.address());
            }
            sleep();
            log.add("delete " + prior.address());
            world.remove(prior.address());
        }

        private void sleep() {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
