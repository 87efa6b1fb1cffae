package dev.dda.plan;

import dev.dda.graph.Address;
import java.math.BigDecimal;

/**
 * The worst case a job may cost if the plan is applied: a ceiling for review, never a bill.
 *
 * @param worstCaseUsd null when it cannot be priced (the basis says why)
 * @param basis how it was computed, for a reviewer: "ml.p3.2xlarge $3.825/h × 1 instance × 1 h"
 */
public record JobCost(Address address, BigDecimal worstCaseUsd, String basis) {
    public boolean known() {
        return worstCaseUsd != null;
    }
}
