package dev.dda.plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What the plan command learned about a plan besides its changes: the worst-case cost of the jobs it would start
 * and the policy checks. A separate record (not a component of {@link Plan}) so the plan contract stays as it is;
 * views and the JSON output carry it next to the plan under {@code annotations}.
 *
 * @param priceTableDate the date of the list prices the costs come from, or null when nothing was priced
 * @param maxJobCostUsd the spec's {@code policy.maxJobCost}, or null when it sets none
 */
public record Annotations(List<JobCost> costs, List<PolicyCheck> checks, String priceTableDate,
                          BigDecimal maxJobCostUsd) {
    public static final Annotations NONE = new Annotations(List.of(), List.of(), null, null);

    public Annotations {
        costs = List.copyOf(costs);
        checks = List.copyOf(checks);
    }

    public boolean failing() {
        return checks.stream().anyMatch(c -> !c.passed());
    }

    public List<PolicyCheck> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The sum of the known job costs. */
    public BigDecimal totalKnownUsd() {
        return costs.stream().map(JobCost::worstCaseUsd).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
