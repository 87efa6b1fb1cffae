package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.git.ChangedSpecs;
import dev.dda.git.ChangedSpecs.ChangedSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The GitHub workflows parse, and have the triggers, permissions, concurrency and dda commands they must have. */
class GitHubWorkflowsTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path WORKFLOWS = REPO.resolve(".github/workflows");
    /** {@code "$DDA" COMMAND ARGS}, up to a redirection, a pipe, a closing parenthesis or the end of the line. */
    static final Pattern DDA_CALL = Pattern.compile("\"\\$DDA\" (\\w+)([^\\n|)]*?)(?=\\s*(?:\\d?>|\\||\\)|$))",
            Pattern.MULTILINE);

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        assertThat(doc).as(file + " is a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) doc;
    }

    static Map<String, Object> workflow(String name) throws IOException {
        return load(WORKFLOWS.resolve(name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> wf) {
        List<Map<String, Object>> out = new ArrayList<>();
        map(wf.get("jobs")).values().forEach(job -> out.addAll((List<Map<String, Object>>) map(job).get("steps")));
        return out;
    }

    static String runs(Map<String, Object> wf) {
        StringBuilder s = new StringBuilder();
        steps(wf).forEach(st -> {
            if (st.get("run") != null) {
                s.append(st.get("run")).append('\n');
            }
        });
        return s.toString();
    }

    static List<Map<String, Object>> uses(Map<String, Object> wf, String action) {
        return steps(wf).stream().filter(st -> String.valueOf(st.get("uses")).startsWith(action)).toList();
    }

    @Test
    void ci_whenPushedOrPullRequest_buildsAndTestsWithJava17MavenCacheAndMoto() throws IOException {
        Map<String, Object> wf = workflow("ci.yml");
        assertThat(map(wf.get("on"))).containsKeys("push", "pull_request");
        Map<String, Object> java = map(uses(wf, "actions/setup-java@").get(0).get("with"));
        assertThat(java).containsEntry("java-version", "17").containsEntry("cache", "maven");
        assertThat(runs(wf)).contains("pip install 'moto[server]==5.2.1'").contains("mvn -B verify");
        assertThat(map(wf.get("permissions"))).containsEntry("contents", "read");
    }

    @Test
    void plan_whenPullRequest_usesOidcAndPostsOneStickyCommentPerPipeline() throws IOException {
        Map<String, Object> wf = workflow("dda-plan.yml");
        assertThat(map(wf.get("on"))).containsOnlyKeys("pull_request");
        assertThat(map(wf.get("permissions"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("id-token", "write", "contents", "read", "pull-requests", "write"));
        assertOidcOnly(wf);
        String runs = runs(wf);
        assertThat(runs).contains("\"$DDA\" changed --since \"origin/$BASE_REF\" --format json")
                .contains("\"$DDA\" validate -f \"$SPEC\"");
        assertThat(runs).containsPattern("\"\\$DDA\" plan -f \"\\$SPEC\" --base \"origin/\\$BASE_REF\" --format markdown"
                + " --detailed-exitcode");
        Map<String, Object> plan = map(map(wf.get("jobs")).get("plan"));
        assertThat(String.valueOf(map(plan.get("strategy")).get("matrix")))
                .contains("fromJSON(needs.changed.outputs.specs)");
        String script = String.valueOf(map(uses(wf, "actions/github-script@").get(0).get("with")).get("script"));
        assertThat(script).contains("<!-- dda-plan:${").contains("updateComment").contains("createComment")
                .contains("c.body.includes(marker)");
        uses(wf, "actions/checkout@").forEach(c -> assertThat(map(c.get("with"))).containsEntry("fetch-depth", 0));
        assertThat(String.valueOf(uses(wf, "actions/upload-artifact@").get(0).get("with")))
                .contains("dda-plan-${{ matrix.pipeline").contains("plan.json");
    }

    @Test
    void apply_whenPushToMain_appliesAutoApprovedOnePipelineAtATimeAndKeepsArtifacts() throws IOException {
        Map<String, Object> wf = workflow("dda-apply.yml");
        assertThat(map(map(wf.get("on")).get("push"))).containsEntry("branches", List.of("main"));
        assertThat(map(wf.get("permissions"))).containsEntry("id-token", "write").containsEntry("contents", "read");
        assertOidcOnly(wf);
        Map<String, Object> apply = map(map(wf.get("jobs")).get("apply"));
        assertThat(map(apply.get("concurrency"))).containsEntry("group", "dda-apply-${{ matrix.pipeline }}")
                .containsEntry("cancel-in-progress", false);
        String runs = runs(wf);
        assertThat(runs).contains("\"$DDA\" plan -f \"$SPEC\" --format markdown --out plan.json")
                .contains("\"$DDA\" apply plan.json --auto-approve").contains("GITHUB_STEP_SUMMARY");
        Map<String, Object> artifact = uses(wf, "actions/upload-artifact@").get(0);
        assertThat(artifact.get("if")).isEqualTo("always()");
        assertThat(String.valueOf(map(artifact.get("with")).get("path"))).contains("plan.json", "plan.md", "apply.log");
    }

    @Test
    void drift_whenScheduled_plansRefreshOnlyAndOpensUpdatesOrClosesOneLabelledIssue() throws IOException {
        Map<String, Object> wf = workflow("dda-drift.yml");
        List<?> schedule = (List<?>) map(wf.get("on")).get("schedule");
        assertThat(String.valueOf(schedule)).containsPattern("cron=[0-9*/ ,-]+");
        assertThat(map(wf.get("permissions"))).containsEntry("issues", "write").containsEntry("id-token", "write");
        assertOidcOnly(wf);
        assertThat(runs(wf)).contains("\"$DDA\" changed --all --format json")
                .contains("\"$DDA\" plan -f \"$SPEC\" --refresh-only --detailed-exitcode --format markdown");
        String script = String.valueOf(map(uses(wf, "actions/github-script@").get(0).get("with")).get("script"));
        assertThat(script).contains("'dda-drift'").contains("DRIFT_EXIT === '2'").contains("DRIFT_EXIT === '0'")
                .contains("issues.create(").contains("issues.update(").contains("state: 'closed'");
    }

    /** AWS only through OIDC role assumption: no access keys anywhere. */
    @Test
    void trainerImage_whenRunByHand_buildsTheTrainerDockerfileAndPushesToEcrThroughOidc() throws IOException {
        Map<String, Object> wf = load(WORKFLOWS.resolve("dda-trainer-image.yml"));
        assertOidcOnly(wf);
        assertThat(map(wf.get("on"))).containsOnlyKeys("workflow_dispatch");
        assertThat(uses(wf, "aws-actions/amazon-ecr-login@")).isNotEmpty();
        String run = runs(wf);
        assertThat(run).contains("docker/trainer/Dockerfile", "dda-trainer:latest", "docker push");
        assertThat(REPO.resolve("docker/trainer/Dockerfile")).isRegularFile();
        assertThat(Files.isExecutable(REPO.resolve("docker/trainer/train"))).isTrue();
        assertThat(Files.readString(REPO.resolve("docker/trainer/train"))).contains("train --sagemaker /opt/ml");
    }

    static void assertOidcOnly(Map<String, Object> wf) {
        List<Map<String, Object>> aws = uses(wf, "aws-actions/configure-aws-credentials@");
        assertThat(aws).isNotEmpty();
        aws.forEach(a -> assertThat(map(a.get("with"))).containsKey("role-to-assume")
                .doesNotContainKeys("aws-access-key-id", "aws-secret-access-key"));
        assertThat(String.valueOf(wf)).doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain("secrets.AWS");
    }

    @Test
    void everyWorkflow_whenCallingDda_usesCommandsAndOptionsThatExist() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Main.commands().forEach(c -> names.add(c.name()));
        Set<String> seen = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path f : files.toList()) {
                Matcher m = DDA_CALL.matcher(runs(load(f)).replace("\\\n", " "));
                while (m.find()) {
                    String command = m.group(1);
                    seen.add(command + " " + m.group(2).replaceAll("\\s+", " ").strip());
                    assertThat(names).as(f.getFileName() + " calls dda " + command).contains(command);
                    String help = help(command);
                    Matcher opt = Pattern.compile("--[a-z-]+").matcher(m.group(2));
                    while (opt.find()) {
                        assertThat(help).as(f.getFileName() + ": dda " + command + " " + opt.group()).contains(opt.group());
                    }
                }
            }
        }
        assertThat(seen).contains("changed --all --format json", "validate -f \"$SPEC\"",
                "apply plan.json --auto-approve", "plan -f \"$SPEC\" --refresh-only --detailed-exitcode --format markdown");
    }

    static String help(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Main.run(new String[] {command, "--help"}, new Console(ps, ps, false, Map.of()));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyWorkflow_whenCopiedWithExamplePipelines_namesNoPathOfThisRepository() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain("examples/")
                        .doesNotContain("aliens");
            }
        }
        Map<String, Object> setup = load(REPO.resolve(".github/actions/setup-dda/action.yml"));
        assertThat(map(setup.get("runs"))).containsEntry("using", "composite");
        assertThat(String.valueOf(setup)).contains("DDA_REPOSITORY").contains("GITHUB_ENV");
    }

    @Test
    void changedAll_whenRepositoryCopiesExamplePipelines_findsEverySpecWithItsTarget(@TempDir Path tmp) throws IOException {
        Path pipelines = tmp.resolve("examples/pipelines");
        Files.createDirectories(pipelines);
        try (Stream<Path> specs = Files.list(REPO.resolve("examples/pipelines"))) {
            for (Path s : specs.toList()) {
                Files.copy(s, pipelines.resolve(s.getFileName()));
            }
        }
        List<ChangedSpec> all = ChangedSpecs.all(tmp);
        assertThat(all).extracting(ChangedSpec::spec, ChangedSpec::pipeline, ChangedSpec::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("examples/pipelines/aliens-aws.yaml", "manufacturing-line-1", "aws"),
                org.assertj.core.groups.Tuple.tuple("examples/pipelines/aliens-local.yaml", "aliens-local", "local"));
    }
}
