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
                {0f, 0f, 0f, 0.75f},
                {0f, 0f, 0.8f, 0.75f}};

        List<Defects.Region> regions = Defects.find(heat, 0.5, 400, 200, "defect");

        assertThat(regions).containsExactly(
                new Defects.Region("defect", new Defects.Box(0, 0, 200, 50), 0.9f),
                new Defects.Region("defect", new Defects.Box(200, 100, 200, 100), 0.8f));
    }

    @Test
    void find_whenDiagonalNeighbours_joinsThem() {
        float[][] heat = {{1f, 0f}, {0f, 1f}};

        assertThat(Defects.find(heat, 0.5, 10, 10, "d")).hasSize(1)
                .first().extracting(Defects.Region::bbox).isEqualTo(new Defects.Box(0, 0, 10, 10));
    }

    @Test
    void find_whenWholeMapMildlyAboveThreshold_boxesOnlyTheHotSpot() {
        float[][] heat = {{0.3f, 0.3f, 0.3f}, {0.3f, 0.95f, 0.3f}, {0.3f, 0.3f, 0.3f}};

        assertThat(Defects.find(heat, 0.2, 300, 300, "d")).extracting(Defects.Region::bbox)
                .containsExactly(new Defects.Box(100, 100, 100, 100));
    }

    @Test
    void find_whenNothingAboveThreshold_isEmpty() {
        assertThat(Defects.find(new float[][] {{0.1f}}, 0.5, 10, 10, "d")).isEmpty();
    }
}
