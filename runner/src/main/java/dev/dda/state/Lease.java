package dev.dda.state;

import java.time.Instant;

/** A lock held as a lease: who holds it, where, since when, until when. */
public record Lease(String id, String holder, String host, long pid, String operation, Instant started,
                    Instant expires) {
    public boolean expiredAt(Instant now) {
        return now.isAfter(expires);
    }

    public String describe() {
        return holder + "@" + host + " (pid " + pid + ", " + operation + ", since " + started + ", expires "
                + expires + ")";
    }
}
