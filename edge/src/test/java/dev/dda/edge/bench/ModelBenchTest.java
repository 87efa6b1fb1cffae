package dev.dda.edge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBenchTest {
    @Test
    void combine_whenOneSliceWasSlowedDown_reportsTheMedianSliceAndEveryCall() {
        ModelBench.Result calm = new ModelBench.Result(2, 4300, 1.0, 4300, 0.44, 0.70, 0.46);
        ModelBench.Result alsoCalm = new ModelBench.Result(2, 4200, 1.0, 4200, 0.45, 0.60, 0.47);
        ModelBench.Result slowed = new ModelBench.Result(2, 1500, 1.0, 1500, 1.30, 9.00, 0.40);

        ModelBench.Result r = ModelBench.combine(List.of(calm, slowed, alsoCalm));

        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.calls()).isEqualTo(10_000);
        assertThat(r.seconds()).isEqualTo(3.0);
        assertThat(r.callsPerSecond()).isEqualTo(4200);
        assertThat(r.p50Ms()).isEqualTo(0.45);
        assertThat(r.p99Ms()).isEqualTo(0.60);
        assertThat(r.cpuMsPerCall()).isEqualTo(0.47);
    }

    @Test
    void combine_whenOneSlice_returnsIt() {
        ModelBench.Result only = new ModelBench.Result(1, 10, 0.5, 20, 0.1, 0.2, 0.1);

        assertThat(ModelBench.combine(List.of(only))).isSameAs(only);
    }
}
