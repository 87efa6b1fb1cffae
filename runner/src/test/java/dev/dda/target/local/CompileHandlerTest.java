package dev.dda.target.local;

import dev.dda.packaging.EdgeDistribution;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.target.ApplyOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileHandlerTest {
    @TempDir
    Path root;

    @Test
    void apply_whenTrained_packagesOnlyTheDeployablePartDeterministicallyWithTheNativeBuild() throws Exception {
        Path trained = root.resolve("job/model");
        Files.createDirectories(trained.resolve("saved_model/variables"));
        Files.writeString(trained.resolve("saved_model/variables/v.data"), "weights");
        Files.writeString(trained.resolve("saved_model/saved_model.pb"), "graph");
        Files.writeString(trained.resolve("metrics.json"), "{}");
        new ObjectMapper().writeValue(trained.resolve("manifest.json").toFile(), Map.of("name", "det", "version", "v1",
                "files", Map.of("saved_model/saved_model.pb", "x", "metrics.json", "y")));
        FakeContext context = new FakeContext().digest("compile.det.arm64-cpu", 'c');
        context.outputs.put(Address.parse("training.det"), Map.of("modelDir", trained.toString(), "modelName", "det",
                "modelVersion", "v1", "anomalyThreshold", 0.4, "gatesPassed", true));
        Resource r = new Resource(Address.parse("compile.det.arm64-cpu"), Map.of("training", "det", "target",
                "arm64-cpu"), Set.of(Address.parse("training.det")), false, null);
        CompileHandler handler = new CompileHandler(root);
        Change c = handler.diff(r, handler.observe(r, Optional.empty(), context), Optional.empty(), context);
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons()).anyMatch(s -> s.contains("linux/aarch64") && s.contains("linux-arm64"));

        ApplyOutcome out = handler.apply(c, r, context);
        String sha = String.valueOf(out.outputs().get("sha256"));
        assertThat(out.outputs()).containsEntry("nativeClassifier", "linux-arm64").containsEntry("architecture", "aarch64");
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(String.valueOf(out.outputs().get("zip")))) {
            zip.stream().forEach(e -> entries.add(e.getName()));
            Map<?, ?> manifest = new ObjectMapper().readValue(zip.getInputStream(zip.getEntry("det/v1/manifest.json")),
                    Map.class);
            assertThat(List.copyOf(((Map<?, ?>) manifest.get("files")).keySet())).isEqualTo(List.of("saved_model/saved_model.pb"));
        }
        assertThat(entries).contains("det/v1/manifest.json", "det/v1/saved_model/saved_model.pb")
                .doesNotContain("det/v1/metrics.json");

        Path again = root.resolve("again.zip");
        dev.dda.packaging.ModelPackage.zip(root.resolve("compiled").resolve("det.arm64-cpu-" + "c".repeat(12)).resolve("package"),
                "det/v1/", again);
        assertThat(EdgeDistribution.sha256(again)).isEqualTo(sha);
        assertThat(handler.diff(r, handler.observe(r, Optional.empty(), context), Optional.empty(), context).action())
                .isEqualTo(Action.REUSE);
    }
}
