package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.cli.Console;
import dev.dda.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's refusals; training itself is covered by {@link TrainerTest}. */
class TrainCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());

    @Test
    void run_whenOutMissing_saysWhatIsRequired() {
        assertThat(Main.run(new String[] {"train", "--data", "x"}, console)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data and --out are required");
    }

    @Test
    void run_whenHyperparameterUnknown_listsTheKnownOnes() {
        assertThat(Main.run(new String[] {"train", "--data", "x", "--out", "y", "--set", "epoch=3"}, console))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown hyperparameter 'epoch'")
                .contains("epochs");
    }

    @Test
    void run_whenEpochsGivenForTheExemplarMethod_saysHowToChooseTheCnn() {
        assertThat(Main.run(new String[] {"train", "--data", "x", "--out", "y", "--epochs", "5", "--set",
                "method=exemplar"}, console)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hyperparameter epochs shapes only the cnn method")
                .contains("add --set method=cnn, or remove it");
    }

    @Test
    void run_whenEpochsGivenAlone_choosesTheCnn() {
        assertThat(Main.run(new String[] {"train", "--data", "/no/such/data", "--out", "y", "--epochs", "5"}, console))
                .isEqualTo(1);
        // the hyperparameters were accepted: what stops it is the missing data
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/no/such/data: no such folder or manifest")
                .doesNotContain("hyperparameter");
    }

    @Test
    void run_whenDataMissing_namesIt() {
        assertThat(Main.run(new String[] {"train", "--data", "/no/such/data", "--out", "y"}, console)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/no/such/data: no such folder or manifest");
    }

    @Test
    void run_help_listsOptionsAndDefaults() {
        assertThat(Main.run(new String[] {"train", "--help"}, console)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data").contains("--seed")
                .contains("epochs=300");
    }
}
