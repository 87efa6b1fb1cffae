package dev.dda.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.cli.Console;
import dev.dda.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(Path file, Map<String, String> env) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, env);
        return Main.run(new String[] {"validate", "-f", file.toString()}, console);
    }

    private List<Path> tree() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void validate_whenSpecIsValid_exitsZeroWithOneLine() throws Exception {
        Path file = SpecFixtures.write(dir, SpecFixtures.VALID);
        assertThat(validate(file, Map.of())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(file + ": OK (pipeline test-line, target local)\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void validate_whenAnyErrorIsFound_exitsOneWritesNothingAndPrintsEach() throws Exception {
        String[][] cases = {
            {"11", "    acount: local", "11:5: buckets.data.acount: unknown key 'acount'; did you mean 'account'?"},
            {"12", "    name: a\n    name: b", "13:5: buckets.data.name: duplicate key 'name'"},
            {"12", "\tname: dda-test-bucket", "12:1: a tab character in indentation"},
            {"12", "    name: 'dda-test-bucket", "12:11: this single-quoted string is not closed on its line"},
            {"22", "    from: folder", "22:11: labeling.labels.from: 'folder' is not allowed; use one of: folders,"},
            {"40", "    edge: { port: high }", "40:19: fleets.line-1.edge.port: expected a whole number, found 'high'"},
            {"26", "    labels: label", "26:13: training.detector.labels: 'label' is not declared under labeling"},
            {"12", "    name: 192.168.1.1", "12:11: buckets.data.name: '192.168.1.1' must not look like an IP address"},
            {"30", "    gates: [ auroc ]", "30:14: training.detector.gates[0]: 'auroc' is not valid; expected METRIC"},
            {"8", "  local: { id: \"000000000000\", role: R, externalId: \"${env:NOPE}\" }",
                "8:53: accounts.local.externalId: environment variable NOPE is not set"},
        };
        for (String[] c : cases) {
            out.reset();
            err.reset();
            Path file = SpecFixtures.write(dir, SpecFixtures.withLine(Integer.parseInt(c[0]), c[1]));
            List<Path> before = tree();
            assertThat(validate(file, Map.of())).as(c[1]).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(c[1]).contains(file + ":" + c[2]);
            assertThat(tree()).as("nothing written").isEqualTo(before);
        }
    }

    @Test
    void validate_whenSecretResolves_neverPrintsIt() throws Exception {
        Path file = SpecFixtures.write(dir, SpecFixtures.withLine(8,
                "  local: { id: \"000000000000\", role: R, externalId: \"${env:EXT}\" }"));
        assertThat(validate(file, Map.of("EXT", "s3cr3t-value"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    }

    @Test
    void validate_whenHelpIsAsked_printsUsage() {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());
        assertThat(Main.run(new String[] {"validate", "--help"}, console)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("dda validate [-f FILE]").contains("--file");
    }
}
