package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutTest {
    @Test
    void of_whenNothingSaid_usesTheAwsDefaults() {
        Rollout r = Rollout.of(null, 5);
        assertThat(r.canary()).isZero();
        assertThat(r.maxFailuresPercent()).isEqualTo(10);
        assertThat(r.inCanary(0)).isFalse();
    }

    @Test
    void of_whenFleetIsNoBiggerThanTheCanary_hasNoCanary() {
        assertThat(Rollout.of(Map.of("canary", 1), 1).canary()).isZero();
        assertThat(Rollout.of(Map.of("canary", 2), 3).inCanary(1)).isTrue();
        assertThat(Rollout.of(Map.of("canary", 2), 3).inCanary(2)).isFalse();
    }

    @Test
    void stops_whenFailedShareExceedsTheLimit() {
        Rollout r = Rollout.of(Map.of("maxFailuresPercent", 50), 4);
        assertThat(r.stops(0, 3)).isFalse();
        assertThat(r.stops(1, 2)).isFalse();
        assertThat(r.stops(2, 3)).isTrue();
        assertThat(Rollout.of(Map.of("maxFailuresPercent", 0), 4).stops(1, 4)).isTrue();
    }
}
