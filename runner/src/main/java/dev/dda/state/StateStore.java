package dev.dda.state;

import java.io.IOException;
import java.util.Optional;

/** Where a target keeps a pipeline's state: a file locally, an S3 object on AWS. */
public interface StateStore {
    Optional<State> load() throws IOException;

    /**
     * Writes the next state atomically. Refuses (StaleStateException) when the stored serial is not
     * {@code next.serial() - 1} or the lineage differs: someone else wrote in between.
     */
    void save(State next) throws IOException;
}
