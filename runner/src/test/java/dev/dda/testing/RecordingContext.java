package dev.dda.testing;

import dev.dda.graph.Address;
import dev.dda.target.ApplyContext;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hand-made engine context for handler tests: digests, desired attributes and outputs set by the test; intents
 * and progress recorded. Content keys are the digests the test sets, so tests name jobs and packages through them.
 */
public class RecordingContext implements ApplyContext {
    public final Map<Address, String> digests = new ConcurrentHashMap<>();
    public final Map<Address, Map<String, Object>> desired = new ConcurrentHashMap<>();
    public final Map<Address, Map<String, Object>> outputs = new ConcurrentHashMap<>();
    public final Map<Address, String> intents = new ConcurrentHashMap<>();
    public final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    public Path specDirectory = Path.of(".");
    public boolean noWait;
    /** What a signal sets during an apply; read from the handler's thread while the test's sets it. */
    public volatile boolean interrupted;
    private final String pipeline;
    private final String gitCommit;

    /** @param gitCommit the commit the spec comes from, or null */
    protected RecordingContext(String pipeline, String gitCommit) {
        this.pipeline = pipeline;
        this.gitCommit = gitCommit;
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public Path specDirectory() {
        return specDirectory;
    }

    @Override
    public String digest(Address address) {
        return digests.getOrDefault(address, "0".repeat(64));
    }

    @Override
    public String contentKey(Address address) {
        return digest(address);
    }

    @Override
    public Optional<Map<String, Object>> desiredAttributes(Address address) {
        return Optional.ofNullable(desired.get(address));
    }

    @Override
    public Map<String, Object> outputsOf(Address address) {
        return outputs.getOrDefault(address, Map.of());
    }

    @Override
    public String gitCommit() {
        return gitCommit;
    }

    @Override
    public Progress progress() {
        return (address, message) -> progress.add(address + ": " + message);
    }

    @Override
    public boolean noWait() {
        return noWait;
    }

    @Override
    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public void recordIntent(Address address, String jobRef) {
        intents.put(address, jobRef);
    }
}
