package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.testing.RecordingContext;

/** The local handler tests' context: no git commit; digests set one character at a time. */
final class FakeContext extends RecordingContext {
    FakeContext() {
        super("test", null);
    }

    FakeContext digest(String address, char c) {
        digests.put(Address.parse(address), String.valueOf(c).repeat(64));
        return this;
    }
}
