package dev.dda.plan;

import static dev.dda.apply.TestGraphs.addr;
import static dev.dda.apply.TestGraphs.apply;
import static dev.dda.apply.TestGraphs.graph;
import static dev.dda.apply.TestGraphs.options;
import static dev.dda.apply.TestGraphs.plan;
import static dev.dda.apply.TestGraphs.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.apply.FakeTarget;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.spec.Secret;
import dev.dda.spec.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    @TempDir
    Path dir;

    @Test
    void digests_whenAnUpstreamAttributeChanges_changeEveryDigestDownstreamOnly() {
        ResourceGraph a = graph(res("bucket.b", Map.of("name", "x")), res("dataset.d", "bucket.b"),
                res("account.other"));
        ResourceGraph b = graph(res("bucket.b", Map.of("name", "y")), res("dataset.d", "bucket.b"),
                res("account.other"));
        Map<Address, String> da = Digests.of(a);
        Map<Address, String> db = Digests.of(b);

        assertThat(da.get(addr("dataset.d"))).isNotEqualTo(db.get(addr("dataset.d")));
        assertThat(da.get(addr("account.other"))).isEqualTo(db.get(addr("account.other")));
        assertThat(da.get(addr("bucket.b"))).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void digests_areIndependentOfMapOrderAndChangeWithASecretsValue() {
        Map<String, Object> one = new java.util.LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", new Secret("${env:X}", "v1"));
        Map<String, Object> two = new java.util.LinkedHashMap<>();
        two.put("b", new Secret("${env:X}", "v1"));
        two.put("a", 1);
        Map<String, Object> three = Map.of("a", 1, "b", new Secret("${env:X}", "v2"));

        String d1 = Digests.of(graph(res("account.x", one))).get(addr("account.x"));
        assertThat(Digests.of(graph(res("account.x", two))).get(addr("account.x"))).isEqualTo(d1);
        assertThat(Digests.of(graph(res("account.x", three))).get(addr("account.x"))).isNotEqualTo(d1);
    }

    @Test
    void plan_withTarget_coversThatResourceAndItsDependenciesOnly() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("account.a"), res("bucket.b", "account.a"), res("dataset.d", "bucket.b"),
                res("labeling.l", "dataset.d"), res("training.t", "labeling.l"), res("bucket.other", "account.a"));
        Plan p = new Planner().plan(g, t, t.stateStore().load(), options(dir).withTargets(Set.of(addr("labeling.l"))));

        assertThat(p.changes()).extracting(Change::address).containsExactly(addr("account.a"), addr("bucket.b"),
                addr("dataset.d"), addr("labeling.l"));
        assertThat(p.changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.CREATE));
        assertThat(p.plannedAgainst().stateLineage()).isNull();
    }

    @Test
    void destroyAndOrphans_whenTheHandlerSaysWhatADeleteTakesWithIt_theReasonsSayItToo() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("bucket.full", Map.of("takesWithIt", "its objects")), res("bucket.empty"));
        apply(plan(g, t, dir), g, t, dir, 1);

        Plan destroy = new Planner().destroy(g, t, t.stateStore().load(), options(dir));
        Plan orphans = new Planner().plan(graph(res("bucket.empty")), t, t.stateStore().load(), options(dir));

        assertThat(destroy.changes()).filteredOn(c -> c.address().equals(addr("bucket.full"))).singleElement()
                .satisfies(c -> assertThat(c.reasons()).containsExactly("destroy requested", "takes its objects with it"));
        assertThat(destroy.changes()).filteredOn(c -> c.address().equals(addr("bucket.empty"))).singleElement()
                .satisfies(c -> assertThat(c.reasons()).containsExactly("destroy requested"));
        assertThat(orphans.changes()).filteredOn(c -> c.action() == Action.DELETE).singleElement()
                .satisfies(c -> assertThat(c.reasons()).containsExactly("no longer in the spec",
                        "takes its objects with it"));
    }

    @Test
    void plan_withUnknownTarget_failsWithASuggestion() {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("labeling.alien-labels"));
        assertThatThrownBy(() -> new Planner().plan(g, t, java.util.Optional.empty(),
                options(dir).withTargets(Set.of(addr("labeling.alien-label")))))
                .isInstanceOf(PlanException.class).hasMessageContaining("did you mean labeling.alien-labels");
    }

    @Test
    void plan_neverHoldsASecretInBeforeOrAfter() {
        FakeTarget t = new FakeTarget(dir);
        Secret s = new Secret("${env:EXT}", "very-secret-value");
        ResourceGraph g = graph(res("account.a", Map.of("externalId", s, "nested", Map.of("k", List.of(s)))));
        Plan p = plan(g, t, dir);

        String json = new dev.dda.view.JsonPlanView().render(p, PlanMode.NORMAL);
        assertThat(json).doesNotContain("very-secret-value").contains(s.redacted());
        assertThat(p.changes().get(0).after().toString()).doesNotContain("very-secret-value");
    }

    @Test
    void plan_whenObservationsFail_reportsEveryFailureAtOnce() {
        FakeTarget t = new FakeTarget(dir) {
            @Override
            public java.util.Optional<dev.dda.target.ResourceHandler> handler(String kind) {
                return java.util.Optional.of(new FailingObserve());
            }
        };
        ResourceGraph g = graph(res("bucket.a"), res("bucket.b"));
        assertThatThrownBy(() -> new Planner().plan(g, t, java.util.Optional.empty(), options(dir)))
                .isInstanceOf(PlanException.class).hasMessageContaining("2 resources")
                .hasMessageContaining("bucket.a: access denied").hasMessageContaining("bucket.b: access denied");
    }

    @Test
    void refresh_whenSomeoneChangedOrDeletedResources_reportsDriftAgainstTheState() {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph g = graph(res("bucket.a", Map.of("name", "a", "versioning", false)), res("bucket.b"),
                res("bucket.c"));
        apply(plan(g, t, dir), g, t, dir, 2);
        t.world.put(addr("bucket.a"), Map.of("name", "a", "versioning", true));
        t.world.remove(addr("bucket.b"));

        Plan drift = refresh(g, t);
        assertThat(drift.changes()).filteredOn(c -> c.action() != Action.NOOP).extracting(Change::address)
                .containsExactly(addr("bucket.a"), addr("bucket.b"));
        assertThat(drift.changes().get(0).reasons()).containsExactly("changed outside dda: attributes differ");
        assertThat(drift.changes().get(0).after()).containsEntry("versioning", true);
        assertThat(drift.changes().get(1).reasons()).containsExactly("deleted outside dda");
        assertThat(drift.hasChanges()).isTrue();
    }

    @Test
    void refresh_whenTheSpecChangedSinceTheApply_doesNotCallThatDrift() {
        FakeTarget t = new FakeTarget(dir);
        ResourceGraph before = graph(res("bucket.a", Map.of("name", "a")));
        apply(plan(before, t, dir), before, t, dir, 1);
        ResourceGraph after = graph(res("bucket.a", Map.of("name", "renamed")));

        Plan drift = refresh(after, t);
        assertThat(drift.hasChanges()).isFalse();
        assertThat(drift.changes().get(0).reasons().get(0)).contains("the spec changed since the last apply");
    }

    private Plan refresh(ResourceGraph g, FakeTarget t) {
        try {
            return new Planner().refresh(g, t, t.stateStore().load(), options(dir));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void destroy_refusesProtectedResourcesUnlessNamedWithTarget() throws Exception {
        FakeTarget t = new FakeTarget(dir);
        Resource data = new Resource(addr("bucket.data"), Map.of("name", "d"), Set.of(), true,
                new SourceLocation("x.yaml", 3, 3));
        ResourceGraph g = ResourceGraph.of(List.of(data, res("dataset.d", "bucket.data")));
        apply(plan(g, t, dir), g, t, dir, 2);

        assertThatThrownBy(() -> new Planner().destroy(g, t, t.stateStore().load(), options(dir)))
                .isInstanceOf(PlanException.class).hasMessageContaining("bucket.data")
                .hasMessageContaining("--target");
        Plan onlyDataset = new Planner().destroy(g, t, t.stateStore().load(),
                options(dir).withTargets(Set.of(addr("dataset.d"))));
        assertThat(onlyDataset.changes()).extracting(Change::address).containsExactly(addr("dataset.d"));
        Plan named = new Planner().destroy(g, t, t.stateStore().load(),
                options(dir).withTargets(Set.of(addr("bucket.data"))));
        assertThat(named.changes()).extracting(Change::address).containsExactlyInAnyOrder(addr("bucket.data"),
                addr("dataset.d"));
        assertThat(named.changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.DELETE));
    }

    private static final class FailingObserve implements dev.dda.target.ResourceHandler {
        @Override
        public dev.dda.target.Observation observe(Resource desired, java.util.Optional<dev.dda.state.ResourceState> p,
                                                  dev.dda.target.PlanContext c) throws dev.dda.target.TargetException {
            throw new dev.dda.target.TargetException("access denied");
        }

        @Override
        public dev.dda.target.Observation observeOrphan(dev.dda.state.ResourceState p, dev.dda.target.PlanContext c) {
            return dev.dda.target.Observation.absent();
        }

        @Override
        public Change diff(Resource d, dev.dda.target.Observation a, java.util.Optional<dev.dda.state.ResourceState> p,
                           dev.dda.target.PlanContext c) {
            throw new UnsupportedOperationException("never reached: observe fails first");
        }

        @Override
        public dev.dda.target.ApplyOutcome apply(Change c, Resource d, dev.dda.target.ApplyContext x) {
            throw new UnsupportedOperationException("never reached: observe fails first");
        }

        @Override
        public dev.dda.target.ApplyOutcome await(Change c, dev.dda.state.ResourceState s, dev.dda.target.ApplyContext x) {
            throw new UnsupportedOperationException("never reached: observe fails first");
        }

        @Override
        public void delete(dev.dda.state.ResourceState p, dev.dda.target.ApplyContext c) {
            throw new UnsupportedOperationException("never reached: observe fails first");
        }
    }
}
