package dev.dda.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import dev.dda.plan.PlannedAgainst;
import dev.dda.spec.SourceLocation;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {
    static final SourceLocation HERE = SourceLocation.unknown("spec.yaml");
    final CostEstimator estimator = new CostEstimator(PriceTable.bundled());

    static Resource res(String address, Map<String, Object> attrs, Address... deps) {
        return new Resource(Address.parse(address), attrs, Set.of(deps), false, HERE);
    }

    static Map<String, Object> files(int n) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < n; i++) {
            f.put("normal/" + i + ".png", "sha" + i);
        }
        return f;
    }

    static ResourceGraph graph(Map<String, Object> training, Map<String, Object> labeling) {
        return ResourceGraph.of(List.of(
                res("dataset.alien", Map.of("bucket", "data", "prefix", "p/", "files", files(1000))),
                res("labeling.l", labeling, Address.parse("dataset.alien")),
                res("training.t", training, Address.parse("labeling.l"))));
    }

    @Test
    void estimate_whenTrainingOnP3ForTwoHoursOnTwoInstances_multipliesPriceCountAndRuntime() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.p3.2xlarge", "maxRuntime", 7200, "instanceCount", 2),
                Map.of("dataset", "alien", "from", "folders"));
        List<JobCost> costs = estimator.estimate(g, "aws", "us-east-1", Set.of(Address.parse("training.t")));
        assertThat(costs).hasSize(1);
        assertThat(costs.get(0).worstCaseUsd()).isEqualByComparingTo("15.30"); // 3.825 × 2 × 2
        assertThat(costs.get(0).basis()).isEqualTo("ml.p3.2xlarge $3.825/h × 2 instances × maxRuntime 2 h");
    }

    @Test
    void estimate_whenMaxRuntimeUnset_usesSageMakersOneDayLimit() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.m5.xlarge"), Map.of("dataset", "alien", "from", "folders"));
        JobCost c = estimator.estimate(g, "aws", "us-east-1", Set.of(Address.parse("training.t"))).get(0);
        assertThat(c.worstCaseUsd()).isEqualByComparingTo("5.52"); // 0.23 × 24
        assertThat(c.basis()).contains("maxRuntime unset, SageMaker's limit 24 h");
    }

    @Test
    void estimate_whenRegionOrInstanceUnpriced_isUnknownWithReason() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.m5.xlarge", "maxRuntime", 60),
                Map.of("dataset", "alien", "from", "folders"));
        JobCost c = estimator.estimate(g, "aws", "ap-south-2", Set.of(Address.parse("training.t"))).get(0);
        assertThat(c.known()).isFalse();
        assertThat(c.basis()).startsWith("no list price for ml.m5.xlarge in ap-south-2 (prices as of 20");
    }

    @Test
    void estimate_whenGroundTruthPrivateTeam_chargesPerObject() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.m5.xlarge", "maxRuntime", 60),
                Map.of("dataset", "alien", "task", "bounding-box",
                        "workteam", "arn:aws:sagemaker:us-east-1:1:workteam/private-crowd/line-1"));
        JobCost c = estimator.estimate(g, "aws", "us-east-1", Set.of(Address.parse("labeling.l"))).get(0);
        assertThat(c.worstCaseUsd()).isEqualByComparingTo("80.00");
        assertThat(c.basis()).isEqualTo("1000 objects × $0.08 (Ground Truth)");
    }

    @Test
    void estimate_whenGroundTruthPublicWorkforce_addsPerTaskPriceForEachWorker() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.m5.xlarge"),
                Map.of("dataset", "alien", "task", "bounding-box", "workersPerObject", 5,
                        "workteam", "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default"));
        JobCost c = estimator.estimate(g, "aws", "us-east-1", Set.of(Address.parse("labeling.l"))).get(0);
        assertThat(c.worstCaseUsd()).isEqualByComparingTo("260.00"); // 1000 × (0.08 + 5 × 0.036)
    }

    @Test
    void estimate_whenLabelsFromFoldersOrLocalTargetOrJobNotStarting_costsNothing() {
        ResourceGraph g = graph(Map.of("instanceType", "ml.m5.xlarge"), Map.of("dataset", "alien", "from", "folders"));
        Set<Address> both = Set.of(Address.parse("labeling.l"), Address.parse("training.t"));
        assertThat(estimator.estimate(g, "aws", "us-east-1", Set.of(Address.parse("labeling.l")))).isEmpty();
        assertThat(estimator.estimate(g, "local", "us-east-1", both)).isEmpty();
        assertThat(estimator.estimate(g, "aws", "us-east-1", Set.of())).isEmpty();
    }

    @Test
    void jobsThatStart_whenPlanMixesActions_takesCreatesAndReplacesOnly() {
        Plan plan = new Plan(Plan.FORMAT_VERSION, "p", new PlannedAgainst("s", "h", null, false, "l", 1, "aws"), List.of(
                change("training.a", Action.REPLACE), change("training.b", Action.WAIT),
                change("training.c", Action.REUSE), change("labeling.d", Action.CREATE)));
        assertThat(CostEstimator.jobsThatStart(plan)).extracting(Address::toString)
                .containsExactly("labeling.d", "training.a");
    }

    static Change change(String address, Action action) {
        return new Change(Address.parse(address), action, List.of(), Map.of(), Map.of(), Set.of(), "d");
    }

    @Test
    void bundledTable_carriesItsDate() {
        assertThat(PriceTable.bundled().asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(PriceTable.bundled().trainingHourly("us-east-1", "ml.m5.xlarge")).contains(new BigDecimal("0.23"));
    }
}
