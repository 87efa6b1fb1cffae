package dev.dda.cost;

import dev.dda.plan.JobCost;
import dev.dda.plan.PolicyCheck;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code policy.maxJobCost} (USD) in the spec: a ceiling on any one job's worst-case cost. Decided like an
 * Atlantis policy check: the plan is still computed and shown in full, the excess is called out, and the plan
 * command exits 1 (a red check on the pull request) while {@code apply} refuses the plan. A job that cannot be
 * priced passes with a "not checked" note rather than blocking every region the price table lacks.
 */
public final class CostPolicy {
    public static final String FIELD = "policy.maxJobCost";

    private CostPolicy() {}

    /** The limit, when the spec document sets one. */
    public static Optional<BigDecimal> maxJobCost(Map<String, Object> document) {
        if (document.get("policy") instanceof Map<?, ?> policy && policy.get("maxJobCost") instanceof Number n) {
            return Optional.of(new BigDecimal(n.toString()));
        }
        return Optional.empty();
    }

    public static List<PolicyCheck> check(Map<String, Object> document, List<JobCost> costs) {
        Optional<BigDecimal> limit = maxJobCost(document);
        List<PolicyCheck> out = new ArrayList<>();
        if (limit.isEmpty()) {
            return out;
        }
        String max = usd(limit.get());
        for (JobCost c : costs) {
            if (!c.known()) {
                out.add(new PolicyCheck(FIELD, c.address(), true, "not checked: " + c.basis()));
            } else if (c.worstCaseUsd().compareTo(limit.get()) > 0) {
                out.add(new PolicyCheck(FIELD, c.address(), false, c.address() + " may cost up to "
                        + usd(c.worstCaseUsd()) + ", above " + FIELD + " " + max));
            } else {
                out.add(new PolicyCheck(FIELD, c.address(), true, c.address() + " may cost up to "
                        + usd(c.worstCaseUsd()) + ", within " + FIELD + " " + max));
            }
        }
        return out;
    }

    /** $1,234.50 */
    public static String usd(BigDecimal amount) {
        return String.format(java.util.Locale.ROOT, "$%,.2f", amount);
    }
}
