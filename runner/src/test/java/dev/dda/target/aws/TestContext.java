package dev.dda.target.aws;

import dev.dda.testing.RecordingContext;

/** The AWS handler tests' context: the test pipeline of {@link AwsFixtures} at a fixed commit. */
final class TestContext extends RecordingContext {
    TestContext() {
        super("test-pipeline", "abcdef1234567890");
    }
}
