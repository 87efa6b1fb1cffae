package dev.dda.plan;

/** What a plan is for: converge to the spec, remove everything, or only report drift. */
public enum PlanMode {
    NORMAL, DESTROY, REFRESH_ONLY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static PlanMode parse(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
