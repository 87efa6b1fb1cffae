package dev.dda.cost;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Worst-case cost of the jobs a plan would start, from list prices: a training job costs its instance price ×
 * instance count × max runtime (it may run that long and no longer); a Ground Truth labeling job costs the dataset's
 * objects × the price per object (plus the public workforce's per-task price when the workteam is public). Jobs on
 * the local target run on this machine and cost nothing in AWS, so only the {@code aws} target is priced.
 */
public final class CostEstimator {
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private final PriceTable prices;

    public CostEstimator(PriceTable prices) {
        this.prices = prices;
    }

    /** Jobs that a plan starts anew: created or replaced. A job being waited for was paid for by an earlier apply. */
    public static Set<Address> jobsThatStart(Plan plan) {
        Set<Address> out = new TreeSet<>();
        for (Change c : plan.changes()) {
            if (c.action() == Action.CREATE || c.action() == Action.REPLACE) {
                out.add(c.address());
            }
        }
        return out;
    }

    /** The cost of each training and labeling job in {@code starting}; empty for targets other than aws. */
    public List<JobCost> estimate(ResourceGraph graph, String target, String region, Set<Address> starting) {
        List<JobCost> out = new ArrayList<>();
        if (!"aws".equals(target)) {
            return out;
        }
        for (Resource r : graph.resources()) {
            if (!starting.contains(r.address())) {
                continue;
            }
            if (r.kind().equals("training")) {
                out.add(training(r, region));
            } else if (r.kind().equals("labeling")) {
                labeling(r, graph).ifPresent(out::add);
            }
        }
        return out;
    }

    JobCost training(Resource r, String region) {
        Map<String, Object> a = r.attributes();
        if (!(a.get("instanceType") instanceof String type)) {
            return new JobCost(r.address(), null, "instanceType not set: the target's default instance is not priced");
        }
        Optional<BigDecimal> hourly = prices.trainingHourly(region, type);
        if (hourly.isEmpty()) {
            return new JobCost(r.address(), null, "no list price for " + type + " in " + region + " (prices as of "
                    + prices.asOf() + ")");
        }
        long seconds = positiveLong(a.get("maxRuntime")).orElse(prices.defaultMaxRuntimeSeconds());
        long count = positiveLong(a.get("instanceCount")).orElse(1L);
        BigDecimal cost = hourly.get().multiply(BigDecimal.valueOf(count)).multiply(BigDecimal.valueOf(seconds))
                .divide(SECONDS_PER_HOUR, 2, RoundingMode.UP);
        String runtime = a.containsKey("maxRuntime") ? "maxRuntime " + duration(seconds)
                : "maxRuntime unset, SageMaker's limit " + duration(seconds);
        return new JobCost(r.address(), cost, type + " $" + hourly.get().toPlainString() + "/h × " + count
                + (count == 1 ? " instance × " : " instances × ") + runtime);
    }

    Optional<JobCost> labeling(Resource r, ResourceGraph graph) {
        Map<String, Object> a = r.attributes();
        Object from = a.get("from");
        if ("folders".equals(from) || "manifest".equals(from)) {
            return Optional.empty(); // labels come from files: no human labeling job
        }
        Optional<Integer> objects = graph.get(Address.of("dataset", String.valueOf(a.get("dataset"))))
                .map(d -> d.attributes().get("files")).filter(Map.class::isInstance).map(f -> ((Map<?, ?>) f).size());
        if (objects.isEmpty()) {
            return Optional.of(new JobCost(r.address(), null,
                    "object count unknown: the dataset has no local source to count"));
        }
        BigDecimal perObject = prices.groundTruthPerObject();
        String basis = objects.get() + " objects × $" + perObject.toPlainString() + " (Ground Truth)";
        String workteam = String.valueOf(a.get("workteam"));
        if (workteam.contains("/public-crowd/")) {
            String task = String.valueOf(a.get("task"));
            long workers = positiveLong(a.get("workersPerObject")).orElse((long) prices.defaultWorkersPerObject());
            BigDecimal perTask = prices.publicWorkforcePerTask(task).orElse(null);
            if (perTask == null) {
                return Optional.of(new JobCost(r.address(), null, "no public workforce price for task " + task));
            }
            basis = objects.get() + " objects × ($" + perObject.toPlainString() + " + " + workers + " workers × $" + perTask.toPlainString()
                    + ", public workforce)";
            perObject = perObject.add(perTask.multiply(BigDecimal.valueOf(workers)));
        }
        BigDecimal cost = perObject.multiply(BigDecimal.valueOf(objects.get())).setScale(2, RoundingMode.UP);
        return Optional.of(new JobCost(r.address(), cost, basis));
    }

    private static Optional<Long> positiveLong(Object v) {
        if (v instanceof Number n && n.longValue() > 0) {
            return Optional.of(n.longValue());
        }
        if (v instanceof String s && s.matches("[1-9][0-9]{0,9}")) {
            return Optional.of(Long.parseLong(s));
        }
        return Optional.empty();
    }

    static String duration(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
