package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.cli.Console;
import dev.dda.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped AWS example through the real CLI against moto: the target's wiring (credentials, role assumption
 * with External IDs, state in S3, every handler's observation) that the handler tests each build by hand. Only
 * the Portal account's ID changes, to moto's.
 */
@ExtendWith(MotoServer.class)
class AwsExampleCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void plan_whenNothingExistsYet_createsEverythingWithJobNamesSageMakerAccepts() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("examples/pipelines"));
        Path spec = pipelines.resolve("aliens-aws.yaml");
        Files.writeString(spec, Files.readString(EXAMPLES.resolve("pipelines/aliens-aws.yaml"))
                .replace("portal:  { id: \"164152369890\" }", "portal:  { id: \"" + AwsFixtures.PORTAL + "\" }")
                .replace("dda-state-164152369890", "dda-state-" + System.nanoTime()));
        Files.createSymbolicLink(dir.resolve("examples/data"), EXAMPLES.resolve("data"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_ENDPOINT_URL", MotoServer.get().endpoint().toString());
        GreengrassFake greengrass = new GreengrassFake(g -> new java.util.ArrayList<>()); // moto has no GreengrassV2
        env.put("AWS_ENDPOINT_URL_GREENGRASSV2", greengrass.endpoint().toString());
        env.put("USECASE_EXTERNAL_ID", "uc-external-id-1234");
        env.put("DATA_EXTERNAL_ID", "data-external-id-5678");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = Main.run(new String[] {"plan", "-f", spec.toString(), "--detailed-exitcode"}, new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, env));

        greengrass.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(text).contains("record access to account " + AwsFixtures.PORTAL, "81 new file(s) to upload",
                "gate auroc >= 0.95 is checked when the job finishes")
                .containsPattern("no job alien-defect-detector-[0-9a-f]{8} yet")
                .contains("register the devices with Greengrass first")
                .doesNotContain("uc-external-id-1234").doesNotContain("data-external-id-5678");
    }
}
