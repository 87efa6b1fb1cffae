package dev.dda.spec;

/** Values a spec may leave out. */
public final class SpecDefaults {
    /** The region of a spec that names none (only a local target may leave it out). */
    public static final String REGION = "us-east-1";

    private SpecDefaults() {}
}
