package dev.dda.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.dda.graph.Address;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PlannedAgainst;
import dev.dda.plan.json.PlanFile;
import dev.dda.spec.Secret;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanViewsTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final Secret SECRET = new Secret("${env:EXT}", "hunter2-external-id");

    @TempDir
    Path dir;

    static Plan samplePlan() {
        PlannedAgainst against = new PlannedAgainst("dda-pipeline.yaml", "sha256:spec", "abc123", false, "lin-1", 7,
                "local");
        return new Plan(Plan.FORMAT_VERSION, "aliens", against, List.of(
                change("account.local", Action.NOOP, List.of(), Map.of("id", "0"), Map.of("id", "0")),
                change("bucket.data", Action.CREATE, List.of("does not exist"), null,
                        Map.of("name", "dda-alien-bucket", "externalId", SECRET), "account.local"),
                change("dataset.alien", Action.UPDATE, List.of("2 files changed | 1 added"),
                        Map.of("files", 80, "prefix", "datasets/"), Map.of("files", 81, "prefix", "datasets/"),
                        "bucket.data"),
                change("training.t", Action.REPLACE, List.of("hyperparameters.epochs 30 → 40 forces a new job"),
                        Map.of("epochs", 30), Map.of("epochs", 40), "dataset.alien"),
                change("bucket.old", Action.DELETE, List.of("no longer in the spec"), Map.of("name", "o"), null),
                change("labeling.l", Action.WAIT, List.of("job running"), null, Map.of()),
                change("compile.t.x86_64-cpu", Action.REUSE, List.of("finished job found"), null, Map.of())));
    }

    private static Change change(String a, Action action, List<String> reasons, Map<String, Object> before,
                                 Map<String, Object> after, String... deps) {
        Set<Address> d = java.util.Arrays.stream(deps).map(Address::parse).collect(java.util.stream.Collectors.toSet());
        return new Change(Address.parse(a), action, reasons, before, after, d, DIGEST);
    }

    private static JsonSchema schema() throws Exception {
        try (InputStream in = PlanViewsTest.class.getResourceAsStream("/dda/schema/dda-plan.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void json_validatesAgainstThePlanSchema_andHoldsNoSecret() throws Exception {
        String json = new JsonPlanView().render(samplePlan(), PlanMode.NORMAL);
        JsonNode node = Json.mapper().readTree(json);
        Set<ValidationMessage> errors = schema().validate(node);

        assertThat(errors).isEmpty();
        assertThat(node.get("format_version").asText()).isEqualTo("1.0");
        assertThat(node.at("/changes/1/action").asText()).isEqualTo("create");
        assertThat(node.at("/changes/1/depends_on/0").asText()).isEqualTo("account.local");
        assertThat(node.at("/summary/create").asInt()).isEqualTo(1);
        assertThat(json).doesNotContain("hunter2").contains(SECRET.redacted());
    }

    @Test
    void json_whenTheSchemaIsBroken_reportsErrors() throws Exception {
        JsonNode node = Json.mapper().readTree(new JsonPlanView().render(samplePlan(), PlanMode.NORMAL));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.at("/changes/0")).put("action", "explode");
        assertThat(schema().validate(node)).isNotEmpty();
    }

    @Test
    void planFile_roundTripsThePlanAndValidatesAgainstTheSchema() throws Exception {
        Path file = dir.resolve("plan.json");
        Plan plan = samplePlan();
        new PlanFile(plan, PlanMode.NORMAL, dir.resolve("dda-pipeline.yaml"), List.of(Address.parse("bucket.data")),
                null).write(file);

        PlanFile back = PlanFile.read(file);
        assertThat(back.plan().plannedAgainst()).isEqualTo(plan.plannedAgainst());
        assertThat(back.plan().changes()).extracting(Change::address, Change::action, Change::digest)
                .containsExactlyElementsOf(plan.changes().stream().map(c -> org.assertj.core.groups.Tuple.tuple(
                        c.address(), c.action(), c.digest())).toList());
        assertThat(back.targets()).containsExactly(Address.parse("bucket.data"));
        assertThat(schema().validate(Json.mapper().readTree(file.toFile()))).isEmpty();
        assertThat(Files.readString(file)).doesNotContain("hunter2");
    }

    @Test
    void text_showsTerraformSymbolsReasonsDiffsAndASummaryLine() {
        String text = new TextPlanView(false).render(samplePlan(), PlanMode.NORMAL);

        assertThat(text).contains("  +     bucket.data", "  ~     dataset.alien", "  -/+   training.t",
                "  -     bucket.old", "  <=    labeling.l  (wait for running job)",
                "  reuse compile.t.x86_64-cpu", "files: 80 → 81", "does not exist")
                .doesNotContain("account.local").doesNotContain("\u001b[").doesNotContain("hunter2");
        assertThat(text).endsWith("Plan: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 to wait for,"
                + " 1 to reuse. 1 unchanged.\n");
    }

    @Test
    void text_withColour_usesAnsiCodes_andWithNoChangesSaysSo() {
        assertThat(new TextPlanView(true).render(samplePlan(), PlanMode.NORMAL)).contains("\u001b[32m");
        Plan none = new Plan("1.0", "p", samplePlan().plannedAgainst(), List.of(samplePlan().changes().get(0)));
        assertThat(new TextPlanView(false).render(none, PlanMode.NORMAL))
                .isEqualTo("No changes. The target matches the spec. 1 unchanged.\n");
    }

    @Test
    void markdown_carriesTheVerdictAndEveryChangeButNoSecret() {
        String md = new MarkdownPlanView().render(samplePlan(), PlanMode.NORMAL);

        assertThat(md).contains("1 to create, 1 to update, 1 to replace, 1 to delete").contains("bucket.data")
                .contains("training.t").contains("<details>").doesNotContain("hunter2");
    }

    @Test
    void text_whenKindsAreUnsupported_saysApplyWillSkipThem() {
        Plan p = new Plan("1.0", "p", samplePlan().plannedAgainst(), List.of(change("training.t", Action.CREATE,
                List.of(dev.dda.plan.Planner.UNSUPPORTED + "local"), null, Map.of())));
        assertThat(new TextPlanView(false).render(p, PlanMode.NORMAL))
                .contains("not yet supported by target local\n")
                .contains("Note: 1 resource is not yet supported by target local: apply reports them");
    }

    @Test
    void text_refreshOnly_reportsDriftInsteadOfAPlan() {
        Plan p = new Plan("1.0", "p", samplePlan().plannedAgainst(), List.of(change("bucket.b", Action.UPDATE,
                List.of("changed outside dda: versioning false → true"), Map.of(), Map.of())));
        assertThat(new TextPlanView(false).render(p, PlanMode.REFRESH_ONLY))
                .contains("dda found changes made outside dda").contains("changed outside dda: versioning")
                .endsWith("Drift: 1 resource changed outside dda (1 modified, 0 deleted).\n");
    }

    @Test
    void text_whenAReasonNamesAnAttribute_showsItsDiffOnceAndTheOthersAsDiffs() {
        Plan p = new Plan("1.0", "p", samplePlan().plannedAgainst(), List.of(change("bucket.b", Action.UPDATE,
                List.of("tags: {a=1} → {a=1, team=vision}"),
                Map.of("tags", Map.of("a", "1"), "versioning", false),
                Map.of("tags", Map.of("a", "1", "team", "vision"), "versioning", true))));

        String text = new TextPlanView(false).render(p, PlanMode.NORMAL);

        assertThat(text).containsOnlyOnce("team").contains("versioning: false → true");
    }
}
