package dev.dda.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefectsTest {
    @Test
    void find_whenTwoSeparateHotRegions_boxesEachInImagePixelsStrongestFirst() {
        float[][] heat = {
                {0.9f, 0.9f, 0f, 0f},
                {0f, 0f, 0f, 0f},
                {0f, 0f, 0f, 0.6f},
                {0f, 0f, 0.7f, 0.6f}};

        List<Defects.Region> regions = Defects.find(heat, 0.5, 400, 200, "defect");

        assertThat(regions).containsExactly(
                new Defects.Region("defect", new Defects.Box(0, 0, 200, 50), 0.9f),
                new Defects.Region("defect", new Defects.Box(200, 100, 200, 100), 0.7f));
    }

    @Test
    void find_whenDiagonalNeighbours_joinsThem() {
        float[][] heat = {{1f, 0f}, {0f, 1f}};

        assertThat(Defects.find(heat, 0.5, 10, 10, "d")).hasSize(1)
                .first().extracting(Defects.Region::bbox).isEqualTo(new Defects.Box(0, 0, 10, 10));
    }

    @Test
    void find_whenNothingAboveThreshold_isEmpty() {
        assertThat(Defects.find(new float[][] {{0.1f}}, 0.5, 10, 10, "d")).isEmpty();
    }
}
