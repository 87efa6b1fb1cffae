package dev.dda.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowStartTest {
    private static final String MLIR = "mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled";
    private static final String PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called are "
            + "written to STDERR";

    @TempDir
    Path dir;

    @Test
    void minLevel_whenUnsetOrNotALevel_isZero() {
        assertThat(TensorFlowStart.minLevel(Map.of())).isZero();
        assertThat(TensorFlowStart.minLevel(Map.of("TF_CPP_MIN_LOG_LEVEL", "quiet"))).isZero();
        assertThat(TensorFlowStart.minLevel(Map.of("TF_CPP_MIN_LOG_LEVEL", " 2 "))).isEqualTo(2);
    }

    @Test
    void hidden_whenAbslLineBelowLevel_isTrue() {
        String info = "I0000 00:00:1795786641.949986   10234 " + MLIR;
        String warning = "W1127 13:35:30.343549   10234 loader.cc:12] slow";
        String error = "E1127 13:35:30.343549 7 loader.cc:12] broken";
        String fatal = "F1127 13:35:30.343549 7 loader.cc:12] dying";
        assertThat(TensorFlowStart.hidden(info, 0)).isFalse();
        assertThat(TensorFlowStart.hidden(PREAMBLE, 0)).isFalse();
        assertThat(TensorFlowStart.hidden(info, 1)).isTrue();
        assertThat(TensorFlowStart.hidden(PREAMBLE, 1)).isTrue();
        assertThat(TensorFlowStart.hidden(warning, 1)).isFalse();
        assertThat(TensorFlowStart.hidden(warning, 2)).isTrue();
        assertThat(TensorFlowStart.hidden(error, 2)).isFalse();
        assertThat(TensorFlowStart.hidden(error, 3)).isTrue();
        assertThat(TensorFlowStart.hidden(fatal, 3)).isFalse();
    }

    @Test
    void hidden_whenNotAbslsFormat_isFalse() {
        assertThat(TensorFlowStart.hidden("I0000 is how a part number starts", 3)).isFalse();
        assertThat(TensorFlowStart.hidden("dda edge: model m:v1 ready", 3)).isFalse();
        assertThat(TensorFlowStart.hidden("2026-11-27 13:37:21.828398: I tensorflow/core/util/port.cc:153] x", 3))
                .isFalse();
    }

    @Test
    void ensure_whenLevelHidesInfo_dropsTensorFlowsStartLinesAndKeepsEveryOtherLine() throws Exception {
        List<String> err = probeStderr("1");
        assertThat(err).noneMatch(l -> l.contains(MLIR) || l.startsWith(PREAMBLE));
        assertThat(err).containsAll(IntStream.range(0, TensorFlowStartProbe.LINES).mapToObj(i -> "probe line " + i)
                .toList());
        assertThat(err).contains("probe done");
    }

    @Test
    void ensure_whenLevelIsZero_leavesTensorFlowsLinesAsTheyAre() throws Exception {
        List<String> err = probeStderr("0");
        assertThat(err).anyMatch(l -> l.contains(MLIR));
        assertThat(err).contains("probe done");
    }

    private List<String> probeStderr(String level) throws IOException, InterruptedException {
        Path log = dir.resolve("stderr-" + level + ".txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TensorFlowStartProbe.class.getName())
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", level);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}
