package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {
    @Test
    void fromMap_whenEmpty_givesDefaults() {
        assertThat(Hyperparameters.fromMap(Map.of())).isEqualTo(Hyperparameters.DEFAULTS);
    }

    @Test
    void fromMap_acceptsNumbersAndStrings() {
        Hyperparameters hp = Hyperparameters.fromMap(Map.of("method", "cnn", "epochs", 30, "learningRate", "0.001",
                "imageSize", 64.0, "augment", "false"));
        assertThat(hp.epochs()).isEqualTo(30);
        assertThat(hp.learningRate()).isEqualTo(0.001);
        assertThat(hp.imageSize()).isEqualTo(64);
        assertThat(hp.augment()).isFalse();
        assertThat(hp.inputSpec().valuesPerImage()).isEqualTo(64 * 64 * hp.channels());
    }

    @Test
    void fromMap_whenUnknownName_listsKnownOnes() {
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("epoch", 3)))
                .hasMessage("unknown hyperparameter 'epoch'; did you mean 'epochs'?");
    }

    @Test
    void fromMap_whenOutOfRange_saysWhatIsExpected() {
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("channels", 2)))
                .hasMessage("hyperparameter channels is 2; expected 1 (grey) or 3 (RGB)");
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("epochs", 2.5)))
                .hasMessageContaining("expected a whole number");
    }

    @Test
    void fromMap_whenMethodUnknown_namesTheKnownOnes() {
        assertThat(Hyperparameters.fromMap(Map.of("method", "cnn")).method()).isEqualTo(Hyperparameters.Method.CNN);
        assertThat(Hyperparameters.fromMap(Map.of("method", "cnn")).toMap()).containsEntry("method", "cnn");
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("method", "knn")))
                .hasMessage("hyperparameter method is 'knn'; expected exemplar or cnn");
    }

    @Test
    void inputSpec_whenImageHeightSet_isThatTall() {
        assertThat(Hyperparameters.fromMap(Map.of("imageSize", 64, "imageHeight", 44)).inputSpec().height())
                .isEqualTo(44);
        assertThat(Hyperparameters.fromMap(Map.of("imageSize", 64)).inputSpec().height()).isEqualTo(64);
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("imageHeight", 8)))
                .hasMessageContaining("expected 0 (square) or a whole number from 16 to 512");
    }

    @Test
    void fromMap_whenExemplarModelWouldBeTooBig_saysWhatToLower() {
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("imageSize", 512, "exemplars", 64)))
                .hasMessageContaining("hyperparameter exemplars is 64; expected at most 16000000 values compared")
                .hasMessageContaining("lower exemplars, exemplarShift or the image size");
        assertThat(Hyperparameters.fromMap(Map.of("imageSize", 512, "method", "cnn")).imageSize()).isEqualTo(512);
    }

    @Test
    void fromMap_whenSettingWhatTheMethodDoesNotRead_saysToChooseTheOtherMethod() {
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("epochs", 30)))
                .hasMessage("hyperparameter epochs shapes only the cnn method, and this training uses exemplar (the"
                        + " default); add method: cnn, or remove it");
        assertThatThrownBy(() -> Hyperparameters.fromMap(Map.of("method", "cnn", "exemplars", 8, "exemplarShift", 2)))
                .hasMessage("hyperparameters exemplarShift, exemplars shape only the exemplar method, and this"
                        + " training uses cnn; add method: exemplar, or remove them");
        assertThat(Hyperparameters.fromMap(Map.of("method", "cnn", "epochs", 30)).epochs()).isEqualTo(30);
        assertThat(Hyperparameters.checkEach(Map.of("epochs", 30)).epochs()).isEqualTo(30);
    }
}
