package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobNamesTest {
    private static final String DIGEST = "sha256:7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void of_whenTheEngineDigestHasItsAlgorithmPrefix_usesEightHexDigitsOnly() {
        // SageMaker names allow [a-zA-Z0-9-]; "sha256:7" would be refused and would leave one digit of the digest
        assertThat(JobNames.of("alien-defect-detector", DIGEST)).isEqualTo("alien-defect-detector-7a1b2c3d")
                .matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }

    @Test
    void of_whenTheNameIsLongOrOdd_keepsSageMakersRulesAndRoomForRetries() {
        String name = JobNames.of("x_".repeat(40), DIGEST);
        assertThat(name).hasSizeLessThanOrEqualTo(JobNames.MAX - 3).endsWith("-7a1b2c3d")
                .matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
        assertThat(JobNames.attempt(name, 2)).hasSizeLessThanOrEqualTo(JobNames.MAX).endsWith("-r2");
    }
}
