package dev.dda.state;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** One lock per pipeline and target: a local lock file, a DynamoDB item on AWS. */
public interface LeaseLock {
    /** Takes the lock at once or throws {@link LockHeldException} naming the holder; never waits. */
    Lease acquire(String operation, Duration ttl) throws IOException;

    /** Extends a held lease (long applies renew while they wait for jobs). */
    Lease renew(Lease lease, Duration ttl) throws IOException;

    void release(Lease lease) throws IOException;

    Optional<Lease> current() throws IOException;

    /** Removes whatever lease is there (dda unlock); returns the lease that was removed. */
    Optional<Lease> forceRelease() throws IOException;
}
