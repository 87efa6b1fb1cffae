package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoresTest {
    @Test
    void auroc_whenPerfectlySeparated_isOne() {
        Scores s = new Scores(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1});
        assertThat(s.auroc()).isEqualTo(1.0);
    }

    @Test
    void auroc_whenMixed_countsWinsOverPairs() {
        // anomalies 0.8, 0.3; normals 0.4, 0.1: pairs (0.8>0.4)(0.8>0.1)(0.3<0.4)(0.3>0.1) = 3 of 4
        Scores s = new Scores(new double[] {0.8, 0.3, 0.4, 0.1}, new int[] {1, 1, 0, 0});
        assertThat(s.auroc()).isEqualTo(0.75);
    }

    @Test
    void auroc_whenTied_countsHalf() {
        // anomaly 0.5 vs normals 0.5 (tie, 1/2) and 0.2 (win): 1.5 of 2
        Scores s = new Scores(new double[] {0.5, 0.5, 0.2}, new int[] {1, 0, 0});
        assertThat(s.auroc()).isEqualTo(0.75);
    }

    @Test
    void auroc_whenOneClassMissing_isNaN() {
        assertThat(new Scores(new double[] {0.1, 0.2}, new int[] {0, 0}).auroc()).isNaN();
    }

    @Test
    void confusion_atThreshold_countsScoresAtOrAboveAsAnomalies() {
        Scores s = new Scores(new double[] {0.9, 0.6, 0.4, 0.6, 0.1}, new int[] {1, 1, 1, 0, 0});
        Confusion c = s.confusion(0.6);
        assertThat(c).isEqualTo(new Confusion(2, 1, 1, 1));
        assertThat(c.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.accuracy()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(c.youden()).isCloseTo(2.0 / 3 + 1.0 / 2 - 1, within(1e-12));
    }

    @Test
    void bestF1Threshold_whenSeparable_cutsMidwayBetweenTheClasses() {
        Scores s = new Scores(new double[] {0.1, 0.3, 0.7, 0.9}, new int[] {0, 0, 1, 1});
        assertThat(s.bestF1Threshold()).isCloseTo(0.5, within(1e-12));
        assertThat(s.confusion(s.bestF1Threshold()).f1()).isEqualTo(1.0);
    }

    @Test
    void bestF1Threshold_whenOverlapping_maximisesF1() {
        // sorted: 0.1 n, 0.2 a, 0.4 n, 0.6 a, 0.8 a. Cut at 0.15 → tp3 fp1 fn0: F1 6/7 ≈ 0.857;
        // cut at 0.5 → tp2 fp0 fn1: F1 0.8; cut at 0.3 → tp2 fp1 fn1: 0.667. Best: 0.15
        Scores s = new Scores(new double[] {0.1, 0.2, 0.4, 0.6, 0.8}, new int[] {0, 1, 0, 1, 1});
        assertThat(s.bestF1Threshold()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void roc_runsFromOriginToOneOne() {
        Scores s = new Scores(new double[] {0.8, 0.3, 0.4, 0.1}, new int[] {1, 1, 0, 0});
        double[][] roc = s.roc();
        assertThat(roc[0]).containsExactly(0, 0);
        assertThat(roc[1]).containsExactly(0, 0.5);
        assertThat(roc[2]).containsExactly(0.5, 0.5);
        assertThat(roc[3]).containsExactly(0.5, 1);
        assertThat(roc[roc.length - 1]).containsExactly(1, 1);
    }
}
