package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.train.SageMakerJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dda train --sagemaker}: the training container's side of the contract the AWS target's request sets up
 * (TrainingJobTest checks that side), on an /opt/ml tree laid out as SageMaker lays it out.
 */
class SageMakerTrainTest {
    private static final Path ALIENS = Path.of("..", "examples", "data", "aliens").toAbsolutePath().normalize();
    private static final String IMAGES = "s3://dda-alien-bucket/datasets/alien/";

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void job(String hyperparameters) throws Exception {
        Files.createDirectories(root.resolve("input/config"));
        Files.writeString(root.resolve("input/config/hyperparameters.json"), hyperparameters);
        StringBuilder manifest = new StringBuilder();
        for (String c : new String[] {"normal", "anomaly"}) {
            for (int i = 1; i <= 8; i++) {
                Path image = root.resolve("input/data/images/" + c + "/" + i + ".png");
                Files.createDirectories(image.getParent());
                Files.copy(ALIENS.resolve(c + "/" + i + ".png"), image);
                manifest.append("{\"source-ref\":\"").append(IMAGES).append(c).append('/').append(i)
                        .append(".png\",\"anomaly-label\":").append(c.equals("normal") ? 0 : 1).append("}\n");
            }
        }
        Files.createDirectories(root.resolve("input/data/manifest"));
        Files.writeString(root.resolve("input/data/manifest/dda.manifest"), manifest);
    }

    private int train() {
        return Main.run(new String[] {"train", "--sagemaker", root.toString(), "--quiet"}, new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, Map.of()));
    }

    @Test
    void trainSageMaker_whenTheJobIsLaidOut_writesThePackageToModelAndPrintsTheMetricsItsRequestReads()
            throws Exception {
        job("{\"imageSize\":\"24\",\"imageHeight\":\"16\",\"seed\":\"7\",\"testSplit\":\"0.25\","
                + "\"" + SageMakerJob.IMAGES_PREFIX + "\":\"" + IMAGES + "\",\"" + SageMakerJob.MODEL_NAME
                + "\":\"det\",\"" + SageMakerJob.MODEL_VERSION + "\":\"det-1a2b3c4d\"}");

        int rc = train();

        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(root.resolve("model/det/det-1a2b3c4d/manifest.json")).isRegularFile();
        assertThat(root.resolve("model/det/det-1a2b3c4d/saved_model/saved_model.pb")).isRegularFile();
        String log = out.toString(StandardCharsets.UTF_8);
        for (String metric : new String[] {"auroc", "test_auroc", "accuracy"}) {
            Matcher m = Pattern.compile(SageMakerJob.metricRegex(metric)).matcher(log);
            assertThat(m.find()).as(metric + " in " + log).isTrue();
            assertThat(Double.parseDouble(m.group(1))).isBetween(0.0, 1.0);
        }
    }

    @Test
    void trainSageMaker_whenDdasOwnHyperparameterIsMissing_failsWithTheReasonWhereSageMakerReadsIt()
            throws Exception {
        job("{\"imageSize\":\"16\",\"" + SageMakerJob.MODEL_NAME + "\":\"det\",\"" + SageMakerJob.MODEL_VERSION
                + "\":\"1\"}");

        int rc = train();

        assertThat(rc).isEqualTo(1);
        assertThat(Files.readString(SageMakerJob.failureFile(root))).contains("dda_images_prefix is missing");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dda_images_prefix is missing");
    }
}
