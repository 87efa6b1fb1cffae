package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;

class CliOptionsTest {
    private static Options planOptions() {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        CliOptions.addTargets(o);
        CliOptions.addFormat(o, "text, json or markdown");
        CliOptions.addAutoApprove(o);
        return o;
    }

    @Test
    void parse_whenAnOptionIsMistyped_namesTheNearestOne() {
        assertThatThrownBy(() -> CliOptions.parse(planOptions(), List.of("--targt", "bucket.data"), "plan"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --targt (did you mean --target?); run 'dda plan --help' for the options");
        assertThatThrownBy(() -> CliOptions.parse(planOptions(), List.of("--autoapprove"), "apply"))
                .hasMessageStartingWith("unknown option --autoapprove (did you mean --auto-approve?)");
    }

    @Test
    void parse_whenTerraformsJsonFlagIsGiven_pointsAtFormatJson() {
        assertThatThrownBy(() -> CliOptions.parse(planOptions(), List.of("-json"), "plan"))
                .hasMessageStartingWith("unknown option -json (did you mean --format json?)");
    }

    @Test
    void parse_whenNothingIsClose_suggestsNothing() {
        assertThatThrownBy(() -> CliOptions.parse(planOptions(), List.of("--parallel-universe"), "plan"))
                .hasMessage("unknown option --parallel-universe; run 'dda plan --help' for the options");
    }
}
