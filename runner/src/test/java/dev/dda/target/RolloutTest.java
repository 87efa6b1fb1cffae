package dev.dda.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.target.Rollout.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutTest {
    @Test
    void of_whenNothingSaid_usesTheAwsDefaults() {
        Rollout r = Rollout.of(null);
        assertThat(r.canary()).isZero();
        assertThat(r.waves()).isEmpty();
        assertThat(r.maxFailuresPercent()).isEqualTo(10);
        assertThat(r.rollback()).isTrue();
        assertThat(r.stages(5)).containsExactly(new Stage("fleet", 0, 5));
    }

    @Test
    void stages_whenFleetIsNoBiggerThanTheCanary_hasNoCanary() {
        assertThat(Rollout.of(Map.of("canary", 1)).stages(1)).containsExactly(new Stage("fleet", 0, 1));
        assertThat(Rollout.of(Map.of("canary", 2)).stages(3)).containsExactly(new Stage("canary", 0, 2),
                new Stage("fleet", 2, 3));
    }

    @Test
    void stages_whenWaves_cutsTheFleetAtCumulativeShares() {
        Rollout r = Rollout.of(Map.of("canary", 1, "waves", List.of(25L, 50L, 100L)));
        assertThat(r.stages(10)).containsExactly(new Stage("canary", 0, 1), new Stage("wave-1", 1, 3),
                new Stage("wave-2", 3, 5), new Stage("fleet", 5, 10));
    }

    @Test
    void stages_whenAWaveAddsNoDeviceOrStopsShortOfTheFleet_skipsItAndEndsWithTheRest() {
        // 10 % of 4 is one device, which the canary already is; 60 % of 4 rounds up to 3
        Rollout r = Rollout.of(Map.of("canary", 1, "waves", List.of(10L, 60L)));
        assertThat(r.stages(4)).containsExactly(new Stage("canary", 0, 1), new Stage("wave-2", 1, 3),
                new Stage("fleet", 3, 4));
        assertThat(r.stages(4).get(1).of(List.of("a", "b", "c", "d"))).containsExactly("b", "c");
        assertThat(r.stages(0)).isEmpty();
    }

    @Test
    void stops_whenFailedShareExceedsTheLimit() {
        Rollout r = Rollout.of(Map.of("maxFailuresPercent", 50));
        assertThat(r.stops(0, 3)).isFalse();
        assertThat(r.stops(1, 2)).isFalse();
        assertThat(r.stops(2, 3)).isTrue();
        assertThat(Rollout.of(Map.of("maxFailuresPercent", 0)).stops(1, 4)).isTrue();
        assertThat(Rollout.of(Map.of("maxFailuresPercent", 12.5)).maxFailures()).isEqualTo("12.5");
        assertThat(r.maxFailures()).isEqualTo("50");
    }

    @Test
    void of_whenOnFailureContinue_doesNotRollBack() {
        assertThat(Rollout.of(Map.of("onFailure", "continue")).rollback()).isFalse();
    }

    @Test
    void describe_whenStaged_namesEachStageAndCountsLongLists() {
        Rollout r = Rollout.of(Map.of("canary", 1, "waves", List.of(50L)));
        List<String> devices = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

        assertThat(r.describe(devices)).contains("rollout: canary [a] → wave-1 [b, c, d, … 1 more] → fleet [f, g, h,"
                + " … 2 more]");
        assertThat(Rollout.of(Map.of()).describe(devices)).isEmpty();
        assertThat(r.describe(List.of())).isEmpty();
    }
}
