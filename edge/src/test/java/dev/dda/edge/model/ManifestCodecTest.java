package dev.dda.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.preprocess.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCodecTest {
    @TempDir
    Path repo;

    private static final String[] VALUES = {"null", "0", "-1", "1e999", "-1e999", "NaN", "Infinity", "true", "\"\"",
            "\"x\"", "[]", "{}", "[null]", "{\"a\": {}}", "\"\\u0000\"", "9223372036854775808", "1.5", "[1e999]"};

    /**
     * Every value of a manifest the trainer writes, replaced in turn by every other JSON type and by numbers out of
     * range: each manifest is read or refused with a ModelPackageException, the only failure a model load reports
     * as a failed load.
     */
    @Test
    void parse_whenAnyValueIsReplaced_readsOrRefusesWithAModelPackageException() throws Exception {
        String written = manifestText();
        List<String> lines = List.of(written.split("\n"));
        Map<String, String> failures = new LinkedHashMap<>();
        for (int at = 0; at < lines.size(); at++) {
            String line = lines.get(at);
            int colon = line.indexOf("\" : ");
            if (colon < 0) {
                continue;
            }
            for (String value : VALUES) {
                List<String> damaged = new ArrayList<>(lines);
                damaged.set(at, line.substring(0, colon + 4) + value + (line.endsWith(",") ? "," : ""));
                try {
                    ManifestCodec.parse(String.join("\n", damaged), "manifest.json");
                } catch (ModelPackageException e) {
                    assertThat(e.getMessage()).isNotBlank();
                } catch (RuntimeException e) {
                    failures.putIfAbsent(e.getClass().getName() + " at " + e.getStackTrace()[0],
                            "line " + (at + 1) + " = " + value + ": " + e);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void parse_whenANumberOverflows_namesItsField() throws Exception {
        String edited = manifestText().replaceFirst("\"height\" : \\d+", "\"height\" : 1e999");

        assertThatThrownBy(() -> ManifestCodec.parse(edited, "manifest.json"))
                .isInstanceOf(ModelPackageException.class)
                .hasMessage("manifest.json: /input/height must be a finite number (too large a number, NaN or"
                        + " Infinity was written); write the number the trainer wrote");
    }

    @Test
    void parse_whenAMetricIsNaN_readsIt() throws Exception {
        String edited = manifestText().replaceFirst("\"metrics\" : \\{", "\"metrics\" : { \"precision\" : NaN,");

        assertThat(ManifestCodec.parse(edited, "manifest.json").metrics().get("precision")).isNaN();
    }

    private String manifestText() throws Exception {
        DemoModel.write(repo, "m", "1", InputSpec.of(32, 24, 1), 0, 0.5);
        return Files.readString(repo.resolve("m/1").resolve(ModelManifest.FILE_NAME));
    }
}
