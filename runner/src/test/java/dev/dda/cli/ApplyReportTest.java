package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.apply.ApplyResult;
import dev.dda.apply.NodeResult;
import dev.dda.graph.Address;
import dev.dda.plan.Action;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyReportTest {
    private static String report(String verb) {
        ApplyResult result = new ApplyResult(List.of(
                new NodeResult(Address.of("dataset", "d1"), Action.DELETE, NodeResult.Status.APPLIED, ""),
                new NodeResult(Address.of("bucket", "b1"), Action.DELETE, NodeResult.Status.FAILED, "not empty")),
                null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApplyReport.print(result, verb, false, new PrintStream(out, true));
        return out.toString();
    }

    @Test
    void print_whenADestroyFails_saysToRunDestroyAgain() {
        assertThat(report("Destroy")).contains("Destroy incomplete: 1 destroyed, 1 failed.")
                .contains("Everything destroyed is recorded in the state; fix the cause and run dda destroy again")
                .doesNotContain("dda apply");
    }

    @Test
    void print_whenAnApplyFails_saysToRunApplyAgain() {
        assertThat(report("Apply")).contains("Everything applied is recorded in the state; fix the cause and run dda"
                + " apply again to go on from here.");
    }
}
