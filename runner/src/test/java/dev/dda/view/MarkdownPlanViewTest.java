package dev.dda.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.cost.CostPolicy;
import dev.dda.diff.SpecDiff;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Action;
import dev.dda.plan.Annotations;
import dev.dda.plan.Change;
import dev.dda.plan.JobCost;
import dev.dda.plan.Plan;
import dev.dda.plan.PlannedAgainst;
import dev.dda.spec.Secret;
import dev.dda.spec.SourceLocation;
import dev.dda.view.MarkdownPlanView.Options;
import dev.dda.view.markdown.PlanReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownPlanViewTest {
    final MarkdownPlanView view = new MarkdownPlanView();
    final Options options = Options.forPipeline("manufacturing-line-1");

    static Annotations costs(Plan plan, int limit) {
        List<JobCost> costs = List.of(new JobCost(Address.parse("training.alien-defect-detector"),
                new BigDecimal("0.23"), "ml.m5.xlarge $0.23/h × 1 instance × maxRuntime 1 h"));
        return new Annotations(costs, CostPolicy.check(Map.of("policy", Map.of("maxJobCost", limit)), costs), "2024-11-01",
                BigDecimal.valueOf(limit));
    }

    static SpecDiff specDiff() {
        return SpecDiff.between("HEAD~1", "fedcba9876543210fedcba9876543210fedcba98",
                graph(0.001, 40, 40, "old-secret-value"), graph(0.0005, 42, 41, PlanFixtures.SECRET_VALUE));
    }

    static ResourceGraph graph(double lr, int normal, int anomaly, String secret) {
        SourceLocation l = SourceLocation.unknown("aliens-aws.yaml");
        return ResourceGraph.of(List.of(
                new Resource(Address.parse("account.usecase"), Map.of("id", "1", "externalId", new Secret("${env:X}", secret)), Set.of(), false, l),
                new Resource(Address.parse("dataset.alien"), Map.of("files", PlanFixtures.files(normal, anomaly)), Set.of(), false, l),
                new Resource(Address.parse("labeling.alien-labels"), Map.of("dataset", "alien", "from", "folders",
                        "labels", List.of("normal", "anomaly")), Set.of(Address.parse("dataset.alien")), false, l),
                new Resource(Address.parse("training.alien-defect-detector"), Map.of("hyperparameters",
                        Map.of("epochs", 30, "learningRate", lr)), Set.of(Address.parse("labeling.alien-labels")), false, l),
                new Resource(Address.parse("deployment.line-1"), Map.of("fleet", "line-1"),
                        Set.of(Address.parse("training.alien-defect-detector")), false, l)));
    }

    @Test
    void render_whenRetrainAndRedeploy_matchesGolden() throws Exception {
        Plan plan = PlanFixtures.retrain();
        String md = view.render(new PlanReport(plan.pipeline(), plan, null, costs(plan, 50), specDiff(), null), options);
        Golden.assertMatches("markdown/retrain.md", md);
    }

    @Test
    void render_whenRetrain_verdictFirstThenCautionBoxNamingEveryDanger() {
        Plan plan = PlanFixtures.retrain();
        String md = view.render(new PlanReport(plan.pipeline(), plan, null, costs(plan, 50), specDiff(), null), options);
        String[] lines = md.split("\n");
        assertThat(lines[0]).isEqualTo("<!-- dda-plan:manufacturing-line-1 -->");
        assertThat(lines[1]).startsWith("⚠️ **dda plan <code>manufacturing-line-1</code>: 1 to create, 3 to update, "
                + "3 to replace, 1 to delete**");
        String caution = md.substring(md.indexOf("> [!CAUTION]"), md.indexOf("#### Cost"));
        assertThat(caution).contains("<code>bucket.scratch</code> will be **deleted**",
                "<code>training.alien-defect-detector</code> will be **replaced**",
                "access to <code>bucket.output</code> **broadens**: write for usecase/DDATrainerRole",
                "<code>deployment.line-1</code> **rolls out**", "to thing group <code>dda-line-1</code> (1 device)");
    }

    @Test
    void render_whenJobAboveCostPolicy_failsVerdictAndCallsItOut() {
        Plan plan = PlanFixtures.retrain();
        String md = view.render(new PlanReport(plan.pipeline(), plan, null, costs(plan, 0), null, null), options);
        assertThat(md.split("\n")[1]).startsWith("❌").endsWith("· **policy check failed**");
        assertThat(md).contains("> - **policy** <code>policy.maxJobCost</code>: training.alien-defect-detector may "
                + "cost up to $0.23, above policy.maxJobCost $0.00");
    }

    @Test
    void render_whenGateFailsOnFinishedJob_showsItInTableAndCaution() {
        Map<String, Object> t = Map.of("gates", List.of("auroc >= 0.95"), "metrics", Map.of("auroc", 0.91));
        Plan plan = new Plan("1.0", "p", null, List.of(PlanFixtures.change("training.t", Action.NOOP, List.of(), t, t)));
        String md = view.render(plan);
        assertThat(md).contains("| <code>training.t</code> | <code>auroc</code> | 0.91 | <code>&gt;= 0.95</code> | ❌ fails |");
        assertThat(md).contains("gate <code>auroc &gt;= 0.95</code> **fails** for <code>training.t</code>");
        assertThat(md.split("\n")[1]).startsWith("✅ **dda plan <code>p</code>: no changes.**");
    }

    @Test
    void render_whenTheRunKeptTestImages_judgesTheGateOnTheTestFigureAsApplyDoes() {
        // validation 0.97 would pass; the held-out test figure, which apply judges, does not
        Map<String, Object> t = Map.of("gates", List.of("auroc >= 0.95"), "metrics", Map.of("auroc", 0.97,
                "test_auroc", 0.9));
        Plan plan = new Plan("1.0", "p", null, List.of(PlanFixtures.change("training.t", Action.NOOP, List.of(), t, t)));
        assertThat(view.render(plan)).contains("| <code>training.t</code> | <code>auroc</code> | 0.9 | <code>&gt;= 0.95</code>"
                + " | ❌ fails |");
    }

    @Test
    void render_whenNoChanges_matchesGolden() throws Exception {
        Change same = PlanFixtures.change("bucket.data", Action.NOOP, List.of(), Map.of("name", "b"), Map.of("name", "b"));
        Plan plan = new Plan("1.0", "aliens-local", new PlannedAgainst("s.yaml", "sha256:ab", null, false, "l", 3, "local"),
                List.of(same));
        Golden.assertMatches("markdown/no-changes.md", view.render(plan));
    }

    @Test
    void render_whenTargetUnreachable_showsSpecChangeAndWhy() throws Exception {
        String md = view.render(new PlanReport("manufacturing-line-1", null, null, null, specDiff(),
                "cannot assume role DDAPortalAccessRole: access denied"), options);
        Golden.assertMatches("markdown/spec-only.md", md);
    }

    @Test
    void render_whenSpecAndPlanHoldSecrets_neverPrintsThem() {
        Plan plan = PlanFixtures.retrain();
        List<Change> changes = new ArrayList<>(plan.changes());
        changes.add(PlanFixtures.change("account.data", Action.CREATE, List.of(), Map.of(),
                Map.of("id", "814373574263", "externalId", new Secret("${env:DATA_EXTERNAL_ID}", PlanFixtures.SECRET_VALUE))));
        Plan withSecret = new Plan(plan.formatVersion(), plan.pipeline(), plan.plannedAgainst(), changes);
        String md = view.render(new PlanReport(plan.pipeline(), withSecret, null, costs(plan, 50), specDiff(), null), options);
        assertThat(md).doesNotContain(PlanFixtures.SECRET_VALUE).doesNotContain("old-secret-value")
                .contains("+ externalId: (secret sha256:")
                .contains("<code>externalId</code> <code>(secret sha256:");
    }

    @Test
    void render_whenValuesCarryMarkupAndFences_escapesThemAndKeepsStructure() {
        String evil = "</details><script>alert(1)</script> ``` @team | *x*";
        Plan plan = new Plan("1.0", "p", null, List.of(PlanFixtures.change("dataset.d", Action.UPDATE, List.of(evil),
                Map.of("note", "a"), Map.of("note", evil))));
        String md = view.render(plan);
        String outsideFences = md.replaceAll("(?s)\n(`{3,})diff\n.*?\n\\1\n", "\n");
        assertThat(outsideFences).doesNotContain("<script>").doesNotContain("</details><").doesNotContain("@team")
                .contains("&lt;/details&gt;&lt;script&gt;");
        assertThat(md).contains("````diff\n").contains("+ note: " + evil)
                .contains("<b>update</b> — &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; ``` &#64;team | *x*</summary>");
        assertWellFormed(md);
    }

    @Test
    void render_whenPlanIsHuge_staysUnderGithubLimitClosesEverythingAndPointsAtArtifact() {
        List<Change> changes = new ArrayList<>();
        String big = "x".repeat(250);
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> after = new java.util.TreeMap<>();
            for (int k = 0; k < 30; k++) {
                after.put("attr" + k, big + "```" + i);
            }
            changes.add(PlanFixtures.change("bucket.b" + i, i % 7 == 0 ? Action.DELETE : Action.CREATE,
                    List.of("reason " + i), i % 7 == 0 ? after : Map.of(), i % 7 == 0 ? Map.of() : after));
        }
        Plan plan = new Plan("1.0", "huge", null, changes);
        String md = view.render(plan);
        assertThat(md.length()).isLessThanOrEqualTo(MarkdownPlanView.GITHUB_COMMENT_LIMIT);
        assertThat(md.codePointCount(0, md.length())).isLessThanOrEqualTo(MarkdownPlanView.GITHUB_COMMENT_LIMIT);
        assertThat(md).contains("left out to stay under GitHub's 65,535-character comment limit")
                .contains("<code>plan.json</code> in the workflow artifact <code>dda-plan-huge</code>");
        assertThat(md.split("\n")[1]).startsWith("⚠️ **dda plan <code>huge</code>: 857 to create, 0 to update, "
                + "0 to replace, 143 to delete**");
        assertWellFormed(md);
    }

    /** Every code fence closed; outside fences, every details, summary and code element closed. */
    static void assertWellFormed(String md) {
        StringBuilder outside = new StringBuilder();
        String open = null;
        for (String line : md.split("\n")) {
            Matcher m = Pattern.compile("^(`{3,})(\\w*)$").matcher(line);
            if (open == null && m.matches()) {
                open = m.group(1);
            } else if (open != null && line.equals(open)) {
                open = null;
            } else if (open == null) {
                outside.append(line).append('\n');
            }
        }
        assertThat(open).as("an unclosed code fence").isNull();
        String text = outside.toString();
        assertThat(count(text, "<details>")).isEqualTo(count(text, "</details>"));
        assertThat(count(text, "<summary>")).isEqualTo(count(text, "</summary>"));
        assertThat(count(text, "<code>")).isEqualTo(count(text, "</code>"));
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void render_whenEngineLeavesBeforeOrAfterNull_rendersCreateAndDelete() {
        Plan plan = new Plan("1.0", "p", null, List.of(
                new Change(Address.parse("bucket.new"), Action.CREATE, List.of("new"), null, Map.of("name", "n"), Set.of(), null),
                new Change(Address.parse("bucket.old"), Action.DELETE, List.of("gone"), Map.of("name", "o"), null, Set.of(), null)));
        String md = view.render(plan);
        assertThat(md).contains("+ name: n").contains("- name: o").contains("<code>bucket.old</code> will be **deleted**");
    }
}
