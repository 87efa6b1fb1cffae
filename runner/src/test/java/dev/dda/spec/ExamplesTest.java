package dev.dda.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "pipelines");

    @Test
    void examples_whenLoaded_haveNoDiagnostics() throws Exception {
        Map<String, String> env = Map.of("USECASE_EXTERNAL_ID", "u-ext", "DATA_EXTERNAL_ID", "d-ext");
        for (String name : new String[] {"aliens-local.yaml", "aliens-aws.yaml"}) {
            Path file = EXAMPLES.resolve(name);
            SpecResult result = SpecLoader.load(file, env);
            assertThat(result.diagnostics()).as(name).isEmpty();
            assertThat(result.specOrNull()).as(name).isNotNull();
            assertThat(Files.readAllLines(file).get(0)).as(name)
                    .isEqualTo("# yaml-language-server: $schema=../../schema/dda-pipeline.schema.json");
        }
    }
}
