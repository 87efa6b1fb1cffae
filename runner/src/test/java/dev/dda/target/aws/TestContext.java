package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.target.ApplyContext;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-made engine context: digests and outputs set by the test, intents and progress recorded. */
final class TestContext implements ApplyContext {
    final Map<Address, String> digests = new ConcurrentHashMap<>();
    final Map<Address, Map<String, Object>> desired = new java.util.HashMap<>();
    final Map<Address, Map<String, Object>> outputs = new ConcurrentHashMap<>();
    final Map<Address, String> intents = new ConcurrentHashMap<>();
    final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
    Path specDirectory = Path.of(".");
    boolean noWait;

    @Override
    public String pipeline() {
        return "test-pipeline";
    }

    @Override
    public Path specDirectory() {
        return specDirectory;
    }

    @Override
    public String digest(Address address) {
        return digests.getOrDefault(address, "0000000000000000000000000000000000000000000000000000000000000000");
    }

    /** Tests name jobs through the digests they set. */
    @Override
    public String contentKey(Address address) {
        return digest(address);
    }

    /** Tests set the desired attributes of the resources a handler looks at. */
    @Override
    public java.util.Optional<Map<String, Object>> desiredAttributes(Address address) {
        return java.util.Optional.ofNullable(desired.get(address));
    }

    @Override
    public Map<String, Object> outputsOf(Address address) {
        return outputs.getOrDefault(address, Map.of());
    }

    @Override
    public String gitCommit() {
        return "abcdef1234567890";
    }

    @Override
    public Progress progress() {
        return (a, m) -> progress.add(a + ": " + m);
    }

    @Override
    public boolean noWait() {
        return noWait;
    }

    @Override
    public void recordIntent(Address address, String jobRef) {
        intents.put(address, jobRef);
    }
}
