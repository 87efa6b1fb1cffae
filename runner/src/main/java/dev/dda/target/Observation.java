package dev.dda.target;

import java.util.Map;

/**
 * What a target found for one resource. Attributes are comparable with the desired attributes; a job's
 * observation also carries its status.
 *
 * @param detail a human-readable note: a job's status message, a failure reason
 */
public record Observation(Presence presence, Map<String, Object> attributes, String detail) {
    public enum Presence {
        ABSENT, PRESENT,
        /** A job that is still running. */
        IN_PROGRESS,
        /** A job that ended in failure; its detail says why. */
        FAILED
    }

    public Observation {
        attributes = Map.copyOf(attributes);
        detail = detail == null ? "" : detail;
    }

    public static Observation absent() {
        return new Observation(Presence.ABSENT, Map.of(), "");
    }

    public static Observation present(Map<String, Object> attributes) {
        return new Observation(Presence.PRESENT, attributes, "");
    }

    public boolean exists() {
        return presence != Presence.ABSENT;
    }
}
