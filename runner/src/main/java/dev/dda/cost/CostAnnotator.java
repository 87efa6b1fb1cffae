package dev.dda.cost;

import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Annotations;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import dev.dda.spec.LoadedSpec;
import java.util.List;

/** The one call the plan command makes: worst-case costs of the jobs the plan starts, and the cost policy checks. */
public final class CostAnnotator {
    private CostAnnotator() {}

    public static Annotations annotate(LoadedSpec spec, ResourceGraph graph, Plan plan) {
        return annotate(spec, graph, plan, PriceTable.bundled());
    }

    public static Annotations annotate(LoadedSpec spec, ResourceGraph graph, Plan plan, PriceTable prices) {
        List<JobCost> costs = new CostEstimator(prices)
                .estimate(graph, spec.target(), spec.region(), CostEstimator.jobsThatStart(plan));
        return new Annotations(costs, CostPolicy.check(spec.document(), costs), costs.isEmpty() ? null : prices.asOf(),
                CostPolicy.maxJobCost(spec.document()).orElse(null));
    }
}
