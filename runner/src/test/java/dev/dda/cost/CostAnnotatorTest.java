package dev.dda.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Annotations;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlannedAgainst;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostAnnotatorTest {
    static LoadedSpec spec(String target, Map<String, Object> document) {
        return new LoadedSpec(Path.of("p.yaml"), "p", target, "us-east-1", document, "sha256:x", Map.of());
    }

    static final ResourceGraph GRAPH = ResourceGraph.of(List.of(new Resource(Address.parse("training.big"),
            Map.of("instanceType", "ml.p3.16xlarge", "maxRuntime", 36000), Set.of(), false,
            SourceLocation.unknown("p.yaml"))));

    static Plan plan(Action action) {
        return new Plan("1.0", "p", new PlannedAgainst("p.yaml", "h", null, false, null, 0, "aws"), List.of(
                new Change(Address.parse("training.big"), action, List.of(), null, Map.of(), Set.of(), null)));
    }

    @Test
    void annotate_whenAwsJobAboveMaxJobCost_failsWithPriceDate() {
        Annotations a = CostAnnotator.annotate(spec("aws", Map.of("policy", Map.of("maxJobCost", 100))), GRAPH,
                plan(Action.CREATE));
        assertThat(a.costs()).singleElement().satisfies(c -> assertThat(c.worstCaseUsd()).isEqualByComparingTo("281.52"));
        assertThat(a.failing()).isTrue();
        assertThat(a.priceTableDate()).isEqualTo(PriceTable.bundled().asOf());
    }

    @Test
    void annotate_whenJobReusedOrTargetLocal_costsNothingAndPasses() {
        Map<String, Object> doc = Map.of("policy", Map.of("maxJobCost", 1));
        Annotations reused = CostAnnotator.annotate(spec("aws", doc), GRAPH, plan(Action.REUSE));
        assertThat(reused.costs()).isEmpty();
        assertThat(reused.checks()).isEmpty();
        assertThat(reused.maxJobCostUsd()).isEqualByComparingTo("1");
        assertThat(CostAnnotator.annotate(spec("local", doc), GRAPH, plan(Action.CREATE)).failing()).isFalse();
    }
}
