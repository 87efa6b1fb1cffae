package dev.dda.plan.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PlannedAgainst;
import dev.dda.testing.JsonDamage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {
    @TempDir
    Path dir;
    private Path file;
    private String written;

    @BeforeEach
    void writeAPlan() throws Exception {
        PlannedAgainst against = new PlannedAgainst("dda-pipeline.yaml", "sha256:spec", null, false, "lin-1", 3,
                "local");
        Plan plan = new Plan(Plan.FORMAT_VERSION, "aliens", against, List.of(
                new Change(Address.parse("bucket.data"), Action.CREATE, List.of("does not exist"), Map.of(),
                        Map.of("name", "dda-alien-bucket"), Set.of(), "sha256:" + "a".repeat(64)),
                new Change(Address.parse("dataset.alien"), Action.UPDATE, List.of("1 added"), Map.of("files", 1),
                        Map.of("files", 2), Set.of(Address.parse("bucket.data")), "sha256:" + "b".repeat(64))));
        file = dir.resolve("plan.json");
        new PlanFile(plan, PlanMode.NORMAL, dir.resolve("dda-pipeline.yaml"), List.of(), null).write(file);
        written = Files.readString(file);
    }

    private int lineOf(String text, String fragment) {
        return text.substring(0, text.indexOf(fragment)).split("\n", -1).length;
    }

    /** Writes the plan with {@code from} replaced by {@code to}; returns the line {@code to} is on. */
    private int writeEdited(String from, String to) throws IOException {
        String edited = written.replace(from, to);
        Files.writeString(file, edited);
        return lineOf(edited, to);
    }

    @Test
    void read_whenWrittenByDda_givesThePlanBack() throws Exception {
        assertThat(PlanFile.read(file).plan().changes()).extracting(Change::action)
                .containsExactly(Action.CREATE, Action.UPDATE);
    }

    @Test
    void read_whenAnActionWasEdited_namesTheValueWithItsLineAndColumn() throws Exception {
        int line = writeEdited("\"action\" : \"update\"", "\"action\" : \"explode\"");

        assertThatThrownBy(() -> PlanFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the plan file is not one dda wrote:\n  " + file + ":" + line + ":")
                .hasMessageContaining("/changes/1/action: does not have a value in the enumeration")
                .hasMessageEndingWith("make a new plan with: dda plan --out " + file);
    }

    @Test
    void read_whenSeveralValuesAreWrong_listsThemInFileOrder() throws Exception {
        String edited = written.replace("\"reasons\" : [ \"1 added\" ]", "\"reasons\" : \"1 added\"")
                .replace("\"state_serial\" : 3", "\"state_serial\" : -3");
        Files.writeString(file, edited);

        assertThatThrownBy(() -> PlanFile.read(file)).satisfies(e -> assertThat(e.getMessage().indexOf(
                "/planned_against/state_serial")).isLessThan(e.getMessage().indexOf("/changes/1/reasons")));
    }

    @Test
    void read_whenTheJsonIsCutShort_saysWhere() throws Exception {
        String cut = written.substring(0, written.indexOf("\"dataset.alien\""));
        Files.writeString(file, cut);

        assertThatThrownBy(() -> PlanFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageMatching("(?s)" + java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: not valid"
                        + " JSON: .*; it is damaged or was edited; make a new plan with: dda plan --out .*");
    }

    @Test
    void read_whenTheSpecHashIsNull_refusesBecauseApplyCouldNotCheckIt() throws Exception {
        Files.writeString(file, written.replace("\"spec_hash\" : \"sha256:spec\"", "\"spec_hash\" : null"));

        assertThatThrownBy(() -> PlanFile.read(file))
                .hasMessageContaining("/planned_against/spec_hash: is null, so apply could not tell whether the spec"
                        + " changed since the plan");
    }

    @Test
    void read_whenANumberOverflows_namesItWithItsLineAndColumn() throws Exception {
        int line = writeEdited("\"state_serial\" : 3", "\"state_serial\" : 1e999");

        assertThatThrownBy(() -> PlanFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file + ":" + line + ":")
                .hasMessageContaining("/planned_against/state_serial: the number is too large to hold (it overflows"
                        + " a double)");
    }

    @Test
    void read_whenNotAPlanAtAll_saysSo() throws Exception {
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> PlanFile.read(file)).hasMessageContaining("is not a dda plan file");
        assertThatThrownBy(() -> PlanFile.read(dir.resolve("none.json"))).hasMessageContaining("does not exist");
    }

    @Test
    void read_whenThePlanFileIsDamaged_refusesWithAnIoExceptionOrReadsIt() {
        JsonDamage.assertReadOrRefused(written, 2000, json -> {
            Files.writeString(file, json);
            PlanFile.read(file);
        });
    }
}
