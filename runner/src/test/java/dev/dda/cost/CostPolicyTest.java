package dev.dda.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.plan.Annotations;
import dev.dda.plan.JobCost;
import dev.dda.plan.PolicyCheck;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostPolicyTest {
    final JobCost expensive = new JobCost(Address.parse("training.big"), new BigDecimal("1234.5"), "b");
    final JobCost cheap = new JobCost(Address.parse("training.small"), new BigDecimal("3"), "b");
    final JobCost unknown = new JobCost(Address.parse("training.odd"), null, "no list price for ml.x");

    @Test
    void check_whenJobAboveLimit_failsNamingJobCostAndLimit() {
        List<PolicyCheck> checks = CostPolicy.check(Map.of("policy", Map.of("maxJobCost", 100)),
                List.of(expensive, cheap, unknown));
        Annotations a = new Annotations(List.of(expensive, cheap, unknown), checks, "2024-11-01", BigDecimal.TEN);
        assertThat(a.failing()).isTrue();
        assertThat(a.failures()).extracting(PolicyCheck::message)
                .containsExactly("training.big may cost up to $1,234.50, above policy.maxJobCost $100.00");
        assertThat(checks).filteredOn(PolicyCheck::passed).extracting(PolicyCheck::message).containsExactly(
                "training.small may cost up to $3.00, within policy.maxJobCost $100.00",
                "not checked: no list price for ml.x");
        assertThat(a.totalKnownUsd()).isEqualByComparingTo("1237.5");
    }

    @Test
    void check_whenNoPolicy_hasNoChecks() {
        assertThat(CostPolicy.check(Map.of(), List.of(expensive))).isEmpty();
        assertThat(CostPolicy.check(Map.of("policy", Map.of()), List.of(expensive))).isEmpty();
    }
}
