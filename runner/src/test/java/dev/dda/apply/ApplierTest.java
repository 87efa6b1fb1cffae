package dev.dda.apply;

import static dev.dda.apply.TestGraphs.addr;
import static dev.dda.apply.TestGraphs.apply;
import static dev.dda.apply.TestGraphs.graph;
import static dev.dda.apply.TestGraphs.plan;
import static dev.dda.apply.TestGraphs.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.Planner;
import dev.dda.spec.Secret;
import dev.dda.state.LockHeldException;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
    @TempDir
    Path dir;

    private ResourceGraph chain() {
        return graph(res("account.a"), res("bucket.data", "account.a"), res("bucket.out", "account.a"),
                res("dataset.d", "bucket.data"), res("labeling.l", "dataset.d"),
                res("training.t", "labeling.l", "bucket.out"));
    }

    @Test
    void apply_whenResourcesDependOnEachOther_startsEachOnlyAfterItsDependenciesEnded() {
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = 5;
        ResourceGraph g = chain();
        ApplyResult r = apply(plan(g, t, dir), g, t, dir, 4);

        assertThat(r.succeeded()).isTrue();
        assertThat(r.addresses(NodeResult.Status.APPLIED)).hasSize(6);
        List<String> log = new ArrayList<>(t.log);
        for (Resource res : g.resources()) {
            int start = log.indexOf("start " + res.address());
            for (Address dep : res.dependsOn()) {
                assertThat(log.indexOf("end " + dep)).as(dep + " ends before " + res.address() + " starts")
                        .isLessThan(start);
            }
        }
    }

    @Test
    void apply_withParallelism2_neverRunsMoreThanTwoAtOnce() {
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = 50;
        List<Resource> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add(res("bucket.b" + i));
            // updates write no intent first, so the handlers' work (not state writes) is what overlaps
            t.world.put(addr("bucket.b" + i), Map.of("name", "old"));
        }
        ResourceGraph g = ResourceGraph.of(many);
        ApplyResult r = apply(plan(g, t, dir), g, t, dir, 2);

        assertThat(r.addresses(NodeResult.Status.APPLIED)).hasSize(8);
        assertThat(t.maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void apply_whenANodeFails_skipsItsDependentsAndAppliesIndependentBranches() {
        FakeTarget t = new FakeTarget(dir);
        t.failing.add(addr("dataset.d"));
        ResourceGraph g = chain();
        List<ApplyEvent> events = Collections.synchronizedList(new ArrayList<>());
        ApplyResult r = applyWithEvents(g, t, events);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.addresses(NodeResult.Status.FAILED)).containsExactly(addr("dataset.d"));
        assertThat(r.addresses(NodeResult.Status.SKIPPED)).containsExactlyInAnyOrder(addr("labeling.l"),
                addr("training.t"));
        assertThat(r.addresses(NodeResult.Status.APPLIED)).containsExactlyInAnyOrder(addr("account.a"),
                addr("bucket.data"), addr("bucket.out"));
        assertThat(r.with(NodeResult.Status.SKIPPED)).allSatisfy(n -> assertThat(n.detail())
                .isEqualTo("dataset.d failed"));
        assertThat(events).filteredOn(e -> e instanceof ApplyEvent.Failed).singleElement()
                .satisfies(e -> assertThat(((ApplyEvent.Failed) e).message()).contains("simulated failure"));
        assertThat(r.finalState().get(addr("labeling.l"))).isEmpty();
    }

    private ApplyResult applyWithEvents(ResourceGraph g, FakeTarget t, List<ApplyEvent> events) {
        try {
            return new Applier().apply(plan(g, t, dir), g, t, ApplyOptions.defaults(dir), events::add);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void apply_afterACrashBetweenIntentAndDone_resumesWithoutStartingTheJobTwice() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        t.jobKinds.add("training");
        t.crashAfterIntent.add(addr("training.t"));
        ResourceGraph g = chain();
        ApplyResult first = apply(plan(g, t, dir), g, t, dir, 4);

        assertThat(first.addresses(NodeResult.Status.FAILED)).containsExactly(addr("training.t"));
        ResourceState intent = t.stateStore().load().orElseThrow().get(addr("training.t")).orElseThrow();
        assertThat(intent.status()).isEqualTo(ResourceState.Status.INTENT);
        assertThat(intent.jobRef()).startsWith("job-");

        Plan second = plan(g, t, dir);
        assertThat(actionOf(second, "training.t")).isEqualTo(Action.WAIT);
        assertThat(second.changes()).filteredOn(c -> !c.address().equals(addr("training.t")))
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NOOP));
        ApplyResult resumed = apply(second, g, t, dir, 4);

        assertThat(resumed.succeeded()).isTrue();
        assertThat(t.createsOf(addr("training.t"))).isEqualTo(1);
        assertThat(t.log).contains("await training.t");
        assertThat(resumed.finalState().get(addr("training.t")).orElseThrow().status())
                .isEqualTo(ResourceState.Status.APPLIED);
        assertThat(plan(g, t, dir).hasChanges()).isFalse();
    }

    @Test
    void apply_whenRunTwice_convergesAndCreatesNothingTwice() {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = chain();
        apply(plan(g, t, dir), g, t, dir, 4);
        Plan again = plan(g, t, dir);

        assertThat(again.hasChanges()).isFalse();
        ApplyResult second = apply(again, g, t, dir, 4);
        assertThat(second.addresses(NodeResult.Status.UNCHANGED)).hasSize(6);
        assertThat(t.creates.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void apply_withNoWait_leavesJobsPendingAndTheNextPlanWaitsForThem() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        t.jobKinds.add("training");
        ResourceGraph g = graph(res("labeling.l"), res("training.t", "labeling.l"), res("compile.t.x86", "training.t"));
        ApplyResult r = new Applier().apply(plan(g, t, dir), g, t, ApplyOptions.defaults(dir).withNoWait(true),
                ApplyListener.NONE);

        assertThat(r.with(NodeResult.Status.STILL_RUNNING)).singleElement()
                .satisfies(n -> assertThat(n.detail()).startsWith("job-"));
        assertThat(r.addresses(NodeResult.Status.WAITING)).containsExactly(addr("compile.t.x86"));
        assertThat(r.succeeded()).isTrue();
        ResourceState pending = t.stateStore().load().orElseThrow().get(addr("training.t")).orElseThrow();
        assertThat(pending.status()).isEqualTo(ResourceState.Status.PENDING);
        assertThat(actionOf(plan(g, t, dir), "training.t")).isEqualTo(Action.WAIT);
    }

    @Test
    void apply_writesStateAfterEveryNode_serialGrowsByOneEachTime() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("account.a"), res("bucket.b", "account.a"));
        apply(plan(g, t, dir), g, t, dir, 1);
        State s = t.stateStore().load().orElseThrow();

        // one INTENT and one APPLIED write per created resource, each serial + 1
        assertThat(s.serial()).isEqualTo(4);
        assertThat(Files.exists(dir.resolve("state.json.backup"))).isTrue();
        assertThat(s.get(addr("bucket.b")).orElseThrow().digest()).startsWith("sha256:");
    }

    @Test
    void apply_whenTheStateMovedOnSinceThePlan_refusesTheStalePlan() {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("account.a"));
        Plan saved = plan(g, t, dir);
        apply(plan(g, t, dir), g, t, dir, 1);

        assertThatThrownBy(() -> new Applier().apply(saved, g, t, ApplyOptions.defaults(dir), ApplyListener.NONE))
                .isInstanceOf(ApplyException.class).hasMessageContaining("the plan is stale")
                .hasMessageContaining("run dda plan again");
    }

    @Test
    void apply_whenTheLockIsHeld_failsAtOnceNamingTheHolder() throws Exception {
        FakeTarget other = new FakeTarget(dir, "ci-runner-7");
        other.lock().acquire("apply", Duration.ofMinutes(5));
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("account.a"));

        assertThatThrownBy(() -> new Applier().apply(plan(g, t, dir), g, t, ApplyOptions.defaults(dir),
                ApplyListener.NONE)).isInstanceOf(LockHeldException.class).hasMessageContaining("ci-runner-7")
                .hasMessageContaining("dda unlock");
        assertThat(t.log).isEmpty();
    }

    @Test
    void apply_releasesTheLockWhenDone() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("account.a"));
        apply(plan(g, t, dir), g, t, dir, 1);
        assertThat(t.lock().current()).isEmpty();
    }

    @Test
    void apply_neverWritesASecretToTheState() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        Secret secret = new Secret("${env:X}", "super-secret-external-id");
        ResourceGraph g = graph(res("account.a", Map.of("id", "1", "externalId", secret)));
        apply(plan(g, t, dir), g, t, dir, 1);

        String state = Files.readString(dir.resolve("state.json"));
        assertThat(state).doesNotContain("super-secret-external-id").contains(secret.redacted());
    }

    @Test
    void apply_whenAKindIsUnsupported_reportsItAndSkipsItsDependents() {
        FakeTarget t = new FakeTarget(dir);
        t.unsupportedKinds.add("training");
        ResourceGraph g = graph(res("labeling.l"), res("training.t", "labeling.l"), res("compile.t.x", "training.t"));
        Plan p = plan(g, t, dir);
        assertThat(p.changes()).filteredOn(c -> c.address().equals(addr("training.t"))).singleElement()
                .satisfies(c -> assertThat(c.reasons()).contains("not yet supported by target fake"));
        ApplyResult r = apply(p, g, t, dir, 2);

        assertThat(r.addresses(NodeResult.Status.APPLIED)).containsExactly(addr("labeling.l"));
        assertThat(r.addresses(NodeResult.Status.UNSUPPORTED)).containsExactly(addr("training.t"));
        assertThat(r.with(NodeResult.Status.SKIPPED)).singleElement().satisfies(n -> assertThat(n.detail())
                .contains("training.t is not supported"));
    }

    @Test
    void apply_whenResourcesLeaveTheSpec_deletesThemDependentsFirst() {
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = 5;
        ResourceGraph full = chain();
        apply(plan(full, t, dir), full, t, dir, 4);
        ResourceGraph small = graph(res("account.a"), res("bucket.out", "account.a"));
        Plan p = plan(small, t, dir);

        assertThat(p.changes()).filteredOn(c -> c.action() == Action.DELETE).extracting(Change::address)
                .containsExactlyInAnyOrder(addr("bucket.data"), addr("dataset.d"), addr("labeling.l"),
                        addr("training.t"));
        ApplyResult r = apply(p, small, t, dir, 4);
        assertThat(r.succeeded()).isTrue();
        List<String> log = new ArrayList<>(t.log);
        assertThat(log.indexOf("delete training.t")).isLessThan(log.indexOf("delete labeling.l"));
        assertThat(log.indexOf("delete labeling.l")).isLessThan(log.indexOf("delete dataset.d"));
        assertThat(log.indexOf("delete dataset.d")).isLessThan(log.indexOf("delete bucket.data"));
        assertThat(t.world.keySet()).containsExactlyInAnyOrder(addr("account.a"), addr("bucket.out"));
    }

    @Test
    void apply_whenThePlanDoesNotFitTheSpecAnyMore_refuses() {
        FakeTarget t = new FakeTarget(dir);
        Plan p = plan(graph(res("bucket.b", Map.of("name", "one"))), t, dir);
        ResourceGraph changed = graph(res("bucket.b", Map.of("name", "two")));

        assertThatThrownBy(() -> new Applier().apply(p, changed, t, ApplyOptions.defaults(dir), ApplyListener.NONE))
                .isInstanceOf(ApplyException.class).hasMessageContaining("inputs of bucket.b changed");
    }

    @Test
    void destroy_deletesEverythingInReverseOrder() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = chain();
        apply(plan(g, t, dir), g, t, dir, 4);
        Plan d = new Planner().destroy(g, t, t.stateStore().load(), TestGraphs.options(dir));
        ApplyResult r = new Applier().apply(d, g, t, ApplyOptions.defaults(dir).withOperation("destroy"),
                ApplyListener.NONE);

        assertThat(r.succeeded()).isTrue();
        assertThat(t.world).isEmpty();
        assertThat(r.finalState().asMap()).isEmpty();
        List<String> log = new ArrayList<>(t.log);
        assertThat(log.indexOf("delete account.a")).isEqualTo(log.size() - 1);
    }

    private static Action actionOf(Plan p, String address) {
        Optional<Change> c = p.changes().stream().filter(x -> x.address().equals(addr(address))).findFirst();
        return c.orElseThrow().action();
    }

    @Test
    void apply_whileANodeTakesLongerThanTheLease_renewsItAndReleasesItAtTheEnd() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = 400;
        ResourceGraph g = graph(res("account.a"));
        ApplyResult r = new Applier().apply(plan(g, t, dir), g, t,
                ApplyOptions.defaults(dir).withLeaseTtl(Duration.ofMillis(90)), ApplyListener.NONE);

        assertThat(r.succeeded()).isTrue();
        assertThat(t.renewals.get()).isPositive();
        assertThat(t.lock().current()).isEmpty();
    }

    @Test
    void apply_whenTheLeaseIsTakenOverMidway_startsNothingMoreAndLeavesTheNewHolderAlone() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        t.latencyMillis = 600;
        FakeTarget intruder = new FakeTarget(dir, "intruder");
        t.onApplyStart = () -> {
            try {
                if (intruder.lock().current().map(l -> !l.holder().equals("intruder")).orElse(true)) {
                    intruder.lock().forceRelease();
                    intruder.lock().acquire("apply", Duration.ofMinutes(5));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        ResourceGraph g = graph(res("account.a"), res("bucket.b", "account.a"), res("dataset.d", "bucket.b"));
        ApplyResult r = new Applier().apply(plan(g, t, dir), g, t,
                ApplyOptions.defaults(dir).withLeaseTtl(Duration.ofMillis(150)), ApplyListener.NONE);

        assertThat(r.addresses(NodeResult.Status.SKIPPED)).containsExactly(addr("bucket.b"), addr("dataset.d"));
        assertThat(r.with(NodeResult.Status.SKIPPED)).allSatisfy(n -> assertThat(n.detail())
                .contains("lock lease could not be renewed").contains("taken over by intruder"));
        assertThat(t.lock().current()).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("intruder"));
    }

    @Test
    void apply_whenSomeoneElseWritesTheStateMidway_failsThatNodeAndStartsNothingMore() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        t.onApplyStart = () -> {
            try {
                if (once.compareAndSet(false, true)) {
                    State s = t.stateStore().load().orElseThrow();
                    t.stateStore().save(s.without(addr("account.a")));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        ResourceGraph g = graph(res("account.a"), res("bucket.x"));
        ApplyResult r = apply(plan(g, t, dir), g, t, dir, 1);

        assertThat(r.with(NodeResult.Status.FAILED)).singleElement().satisfies(n -> assertThat(n.detail())
                .contains("someone else wrote it in between"));
        assertThat(r.with(NodeResult.Status.SKIPPED)).singleElement().satisfies(n -> assertThat(n.detail())
                .startsWith("the state could not be written"));
        assertThat(t.log).doesNotContain("start bucket.x");
    }

    @Test
    void apply_afterACrashBetweenCreateAndRecord_recordsTheResourceAsReusedWithoutCreatingItAgain() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        t.crashAfterCreate.add(addr("bucket.b"));
        ResourceGraph g = graph(res("account.a"), res("bucket.b", "account.a"));
        apply(plan(g, t, dir), g, t, dir, 1);
        assertThat(t.stateStore().load().orElseThrow().get(addr("bucket.b")).orElseThrow().status())
                .isEqualTo(ResourceState.Status.INTENT);

        Plan resume = plan(g, t, dir);
        assertThat(resume.hasChanges()).isFalse();
        ApplyResult r = apply(resume, g, t, dir, 1);

        assertThat(r.addresses(NodeResult.Status.APPLIED)).containsExactly(addr("bucket.b"));
        assertThat(t.log).contains("apply bucket.b reuse");
        assertThat(t.createsOf(addr("bucket.b"))).isEqualTo(1);
        assertThat(r.finalState().get(addr("bucket.b")).orElseThrow().status())
                .isEqualTo(ResourceState.Status.APPLIED);
    }
}
