package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.target.ApplyContext;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A plan/apply context with digests and outputs set by the test. */
final class FakeContext implements ApplyContext {
    final Map<Address, String> digests = new HashMap<>();
    final Map<Address, Map<String, Object>> desired = new java.util.HashMap<>();
    final Map<Address, Map<String, Object>> outputs = new HashMap<>();
    final List<String> progress = new ArrayList<>();
    final Map<Address, String> intents = new HashMap<>();

    FakeContext digest(String address, char c) {
        digests.put(Address.parse(address), String.valueOf(c).repeat(64));
        return this;
    }

    @Override
    public String pipeline() {
        return "test";
    }

    @Override
    public Path specDirectory() {
        return Path.of(".");
    }

    @Override
    public String digest(Address address) {
        return digests.getOrDefault(address, "0".repeat(64));
    }

    /** Tests name jobs and packages through the digests they set. */
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
        return null;
    }

    @Override
    public Progress progress() {
        return (address, message) -> progress.add(address + ": " + message);
    }

    @Override
    public boolean noWait() {
        return false;
    }

    @Override
    public void recordIntent(Address address, String jobRef) {
        intents.put(address, jobRef);
    }
}
