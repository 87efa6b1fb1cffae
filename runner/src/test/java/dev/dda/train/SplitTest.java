package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static List<LabeledImage> images(int normal, int anomaly) {
        List<LabeledImage> all = new ArrayList<>();
        for (int i = 0; i < normal; i++) {
            all.add(new LabeledImage(Path.of("normal", i + ".png"), 0));
        }
        for (int i = 0; i < anomaly; i++) {
            all.add(new LabeledImage(Path.of("anomaly", i + ".png"), 1));
        }
        return all;
    }

    @Test
    void stratified_keepsEachClassShareInEveryPart() {
        Split s = Split.stratified(images(40, 20), 0.2, 0.25, 7);
        assertThat(Split.count(s.test(), 0)).isEqualTo(10);
        assertThat(Split.count(s.test(), 1)).isEqualTo(5);
        assertThat(Split.count(s.validation(), 0)).isEqualTo(8);
        assertThat(Split.count(s.validation(), 1)).isEqualTo(4);
        assertThat(s.train()).hasSize(33);
    }

    @Test
    void normalsOnly_movesTrainingAnomaliesToValidation() {
        Split s = Split.stratified(images(40, 20), 0.2, 0.25, 7).normalsOnly();
        assertThat(s.train()).hasSize(22).allMatch(i -> i.label() == 0);
        assertThat(Split.count(s.validation(), 0)).isEqualTo(8);
        assertThat(Split.count(s.validation(), 1)).isEqualTo(4 + 11);
        assertThat(s.test()).hasSize(15);
    }

    @Test
    void stratified_partsAreDisjointAndCoverEverything() {
        Split s = Split.stratified(images(40, 40), 0.2, 0.25, 3);
        Set<LabeledImage> seen = new HashSet<>();
        seen.addAll(s.train());
        seen.addAll(s.validation());
        seen.addAll(s.test());
        assertThat(seen).hasSize(80);
    }

    @Test
    void stratified_sameSeed_sameSplit_otherSeed_otherSplit() {
        List<LabeledImage> all = images(40, 40);
        assertThat(Split.stratified(all, 0.2, 0.25, 5)).isEqualTo(Split.stratified(all, 0.2, 0.25, 5));
        assertThat(Split.stratified(all, 0.2, 0.25, 5).test())
                .isNotEqualTo(Split.stratified(all, 0.2, 0.25, 6).test());
    }

    @Test
    void stratified_whenTooFewImages_says() {
        assertThatThrownBy(() -> Split.stratified(images(2, 10), 0.3, 0.3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few");
    }
}
