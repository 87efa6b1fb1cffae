package dev.dda.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a fleet's deployment reaches its devices ({@code fleets.*.rollout}), the same on every target. The fleet is
 * cut into stages that go one after another: the first {@code canary} devices, then each wave (cumulative
 * percentages of the fleet, so {@code [25, 100]} is up to a quarter, then the rest), then whatever no wave reached.
 * A failure in the canary stops the rollout and puts the canary back on its previous versions. After that the
 * rollout goes on while the share of failed devices among those attempted stays within {@code maxFailuresPercent};
 * beyond it, the devices not reached keep their previous versions. Defaults as on AWS: no canary, no waves, 10 %.
 *
 * @param canary   devices deployed first
 * @param waves    cumulative percentages of the fleet, growing
 * @param rollback a failed device goes back to its previous versions ({@code onFailure: rollback}, the default)
 */
public record Rollout(int canary, List<Integer> waves, double maxFailuresPercent, boolean rollback) {
    public static final double DEFAULT_MAX_FAILURES_PERCENT = 10;
    /** Device names a stage shows in a plan before it counts the rest. */
    private static final int SHOWN_DEVICES = 3;

    public Rollout {
        waves = List.copyOf(waves);
    }

    /** Devices {@code [from, to)} of the fleet's list; {@code name} is "canary", "wave-N" or "fleet" (the last). */
    public record Stage(String name, int from, int to) {
        public boolean canary() {
            return name.equals("canary");
        }

        public <T> List<T> of(List<T> devices) {
            return devices.subList(from, to);
        }
    }

    /** From the spec's {@code rollout} map (absent or empty: the defaults). */
    public static Rollout of(Object spec) {
        Map<?, ?> r = spec instanceof Map<?, ?> m ? m : Map.of();
        int canary = r.get("canary") instanceof Number n ? n.intValue() : 0;
        List<Integer> waves = new ArrayList<>();
        if (r.get("waves") instanceof List<?> list) {
            list.stream().filter(Number.class::isInstance).map(w -> ((Number) w).intValue()).forEach(waves::add);
        }
        double max = r.get("maxFailuresPercent") instanceof Number n ? n.doubleValue() : DEFAULT_MAX_FAILURES_PERCENT;
        return new Rollout(canary, waves, max, !"continue".equals(r.get("onFailure")));
    }

    /**
     * The stages for a fleet of {@code devices}, never empty for a non-empty fleet, the last always named "fleet".
     * A canary as large as the fleet protects nothing, so it is dropped; so is a wave that adds no device.
     */
    public List<Stage> stages(int devices) {
        List<Stage> out = new ArrayList<>();
        int reached = 0;
        if (canary > 0 && canary < devices) {
            out.add(new Stage("canary", 0, canary));
            reached = canary;
        }
        for (int i = 0; i < waves.size(); i++) {
            int to = (int) Math.min(devices, Math.ceil(waves.get(i) * (double) devices / 100));
            if (to > reached && to < devices) {
                out.add(new Stage("wave-" + (i + 1), reached, to));
                reached = to;
            }
        }
        if (reached < devices) {
            out.add(new Stage("fleet", reached, devices));
        }
        return out;
    }

    /**
     * The stages as a plan shows them to reviewers, such as {@code rollout: canary [s-1] → wave-1 [s-2] → fleet
     * [s-3, s-4]}; empty when the whole fleet goes at once, which says nothing the change does not.
     */
    public Optional<String> describe(List<String> devices) {
        List<Stage> stages = stages(devices.size());
        if (stages.size() < 2) {
            return Optional.empty();
        }
        return Optional.of("rollout: " + stages.stream().map(s -> s.name() + " " + listed(s.of(devices)))
                .collect(Collectors.joining(" → ")));
    }

    private static String listed(List<String> names) {
        if (names.size() <= SHOWN_DEVICES) {
            return names.toString();
        }
        return "[" + String.join(", ", names.subList(0, SHOWN_DEVICES)) + ", … " + (names.size() - SHOWN_DEVICES)
                + " more]";
    }

    /** True when {@code failed} of {@code attempted} devices is more than the rollout tolerates. */
    public boolean stops(int failed, int attempted) {
        return failed > 0 && failed * 100.0 / attempted > maxFailuresPercent;
    }

    /** The threshold as the spec wrote it: 10, not 10.0. */
    public String maxFailures() {
        double p = maxFailuresPercent;
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }
}
