package dev.dda.target.local;

import java.util.Map;

/**
 * How a fleet's deployment reaches its devices ({@code fleets.*.rollout}), as Greengrass would on AWS: the first
 * {@code canary} devices first, and any failure among them stops the rollout and puts them back on their previous
 * versions; then the others, one after another, until the share of failed devices exceeds
 * {@code maxFailuresPercent}, which stops the rollout there. A failed device itself goes back to its previous
 * versions. Defaults as on AWS: no canary, 10 %. Devices are deployed one at a time with the share checked after
 * each, so {@code waves} change nothing here; and a local device that fails always goes back to its previous
 * versions ({@code onFailure: continue}, Greengrass's DO_NOTHING, applies on AWS only).
 *
 * @param canary devices deployed first; 0 when the fleet has no more devices than this (nothing to protect)
 */
record Rollout(int canary, double maxFailuresPercent) {
    static final double DEFAULT_MAX_FAILURES_PERCENT = 10;

    static Rollout of(Object spec, int devices) {
        Map<?, ?> r = spec instanceof Map<?, ?> m ? m : Map.of();
        int canary = r.get("canary") instanceof Number n ? n.intValue() : 0;
        double max = r.get("maxFailuresPercent") instanceof Number n ? n.doubleValue() : DEFAULT_MAX_FAILURES_PERCENT;
        return new Rollout(devices > canary ? canary : 0, max);
    }

    boolean inCanary(int device) {
        return device < canary;
    }

    /** True when {@code failed} of {@code attempted} devices is more than the rollout tolerates. */
    boolean stops(int failed, int attempted) {
        return failed > 0 && failed * 100.0 / attempted > maxFailuresPercent;
    }
}
