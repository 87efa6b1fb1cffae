package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.json.Json;
import dev.dda.state.FileLeaseLock;
import dev.dda.state.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCommandsTest {
    @TempDir
    Path dir;
    CliFixture f;

    @BeforeEach
    void fakeTarget() throws Exception {
        System.setProperty(FileWorldTargetProvider.ACTIVE, "true");
        f = new CliFixture(dir);
    }

    @AfterEach
    void realTarget() {
        System.clearProperty(FileWorldTargetProvider.ACTIVE);
    }

    @Test
    void planApplyPlan_withTarget_exits2ThenAppliesThenExits0() {
        assertThat(f.ddaHere("plan", "--detailed-exitcode", "--target", "dataset.d1")).isEqualTo(2);
        assertThat(f.out).contains("+     account.local", "+     bucket.b1", "+     dataset.d1")
                .doesNotContain("bucket.b2").contains("Plan: 3 to create, 0 to update, 0 to delete.");

        assertThat(f.ddaHere("apply", "--auto-approve", "--target", "dataset.d1")).as(f.err.toString()).isEqualTo(0);
        assertThat(f.out).contains("dataset.d1: creating…", "dataset.d1: created in", "Apply complete: 3 created.");

        assertThat(f.ddaHere("plan", "--detailed-exitcode", "--target", "dataset.d1")).isEqualTo(0);
        assertThat(f.out).contains("No changes.");
        assertThat(f.ddaHere("plan", "--detailed-exitcode")).isEqualTo(2);
    }

    @Test
    void apply_withoutAutoApproveAndNoTerminal_refusesAndSaysWhatToPass() throws Exception {
        assertThat(f.ddaHere("apply")).isEqualTo(1);
        assertThat(f.err).contains("--auto-approve");
        assertThat(Files.exists(f.root.resolve("world"))).isFalse();
    }

    @Test
    void apply_ofASavedPlanAfterTheStateMovedOn_isRefused() {
        Path planFile = dir.resolve("saved.plan.json");
        assertThat(f.ddaHere("plan", "--out", planFile.toString())).isEqualTo(0);
        assertThat(f.ddaHere("apply", "--auto-approve", "--target", "bucket.b3")).isEqualTo(0);

        assertThat(f.dda("apply", planFile.toString())).isEqualTo(1);
        assertThat(f.err).contains("the plan is stale").contains("run dda plan again");
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "bucket.b1"))).isFalse();
    }

    @Test
    void apply_ofAFreshSavedPlan_appliesExactlyIt_andShowRendersIt() throws Exception {
        Path planFile = dir.resolve("saved.plan.json");
        assertThat(f.ddaHere("plan", "--out", planFile.toString(), "--target", "bucket.b4")).isEqualTo(0);
        assertThat(f.dda("show", planFile.toString(), "--format", "markdown")).isEqualTo(0);
        assertThat(f.out).contains("2 to create").contains("bucket.b4");

        assertThat(f.dda("apply", planFile.toString())).as(f.err.toString()).isEqualTo(0);
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "bucket.b4"))).isTrue();
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "bucket.b1"))).isFalse();
    }

    @Test
    void apply_whileAnotherProcessHoldsTheLock_exits1AtOnceNamingTheHolder_andUnlockTakesOver() throws Exception {
        Path lockFile = f.root.resolve("state.lock");
        Instant now = Instant.now();
        Lease held = new FileLeaseLock(lockFile, "ci-runner", Clock.fixed(now, ZoneOffset.UTC))
                .acquire("apply", Duration.ofHours(1));

        assertThat(f.ddaHere("apply", "--auto-approve")).isEqualTo(1);
        assertThat(f.err).contains("ci-runner@" + held.host()).contains("dda unlock");
        assertThat(f.ddaHere("unlock")).isEqualTo(1);
        assertThat(f.err).contains("still valid").contains("--force");
        assertThat(f.ddaHere("status")).isEqualTo(0);
        assertThat(f.out).contains("Locked by ci-runner@");

        assertThat(f.ddaHere("unlock", "--force")).isEqualTo(0);
        assertThat(f.ddaHere("apply", "--auto-approve")).as(f.err.toString()).isEqualTo(0);
    }

    @Test
    void stateRm_forgetsWithoutTouchingTheTarget_andRefusesUnknownAddressesOrAHeldLock() throws Exception {
        assertThat(f.ddaHere("apply", "--auto-approve")).isEqualTo(0);

        assertThat(f.ddaHere("state", "rm", "bucket.kep")).isEqualTo(1);
        assertThat(f.err).contains("bucket.kep is not in the state (did you mean bucket.keep?)");
        assertThat(f.ddaHere("state", "rm", "bucket.b1", "--dry-run")).isEqualTo(0);
        assertThat(f.out).contains("Would remove bucket.b1", "recorded as needed by dataset.d1");
        Lease held = new FileLeaseLock(f.root.resolve("state.lock"), "ci-runner", Clock.systemUTC())
                .acquire("apply", Duration.ofHours(1));
        assertThat(f.ddaHere("state", "rm", "bucket.keep")).isEqualTo(1);
        assertThat(f.err).contains("ci-runner@" + held.host());
        assertThat(f.ddaHere("unlock", "--force")).isEqualTo(0);

        assertThat(f.ddaHere("state", "rm", "bucket.keep")).as(f.err.toString()).isEqualTo(0);

        assertThat(f.out).contains("Removed 1 resource(s) from the state");
        assertThat(f.ddaHere("state", "list")).isEqualTo(0);
        assertThat(f.out.toString().lines().toList()).contains("bucket.b1", "dataset.d1").doesNotContain("bucket.keep");
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "bucket.keep"))).isTrue();
        assertThat(Files.exists(f.root.resolve("state.json.backup"))).isTrue();
        assertThat(f.ddaHere("plan")).isEqualTo(0);
        assertThat(f.out).contains("reuse bucket.keep", "not in the state: it is recorded as it is");
        assertThat(f.ddaHere("apply", "--auto-approve")).isEqualTo(0);
        assertThat(f.ddaHere("plan")).isEqualTo(0);
        assertThat(f.out).doesNotContain("bucket.keep");
    }

    @Test
    void destroy_refusesProtectedBucketsUnlessNamed() throws Exception {
        assertThat(f.ddaHere("apply", "--auto-approve")).isEqualTo(0);

        assertThat(f.ddaHere("destroy", "--auto-approve")).isEqualTo(1);
        assertThat(f.err).contains("refusing to destroy protected resources: bucket.keep");
        assertThat(f.ddaHere("destroy", "--auto-approve", "--target", "bucket.b1")).isEqualTo(0);
        assertThat(f.out).contains("-     bucket.b1", "-     dataset.d1", "Destroy complete: 2 destroyed.");
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "dataset.d1"))).isFalse();
        assertThat(Files.exists(FileWorldTargetProvider.worldFile(f.root, "bucket.keep"))).isTrue();
    }

    @Test
    void status_whenEverythingWasDestroyed_saysNoResourcesAreRecorded() throws Exception {
        assertThat(f.ddaHere("apply", "--auto-approve", "--target", "bucket.b2")).isEqualTo(0);
        assertThat(f.ddaHere("status")).isEqualTo(0);
        assertThat(f.out).contains(", 2 resources");
        assertThat(f.ddaHere("destroy", "--auto-approve", "--target", "account.local")).as(f.err.toString())
                .isEqualTo(0);

        assertThat(f.ddaHere("status")).isEqualTo(0);
        assertThat(f.out).contains("no resources recorded (all destroyed, or none applied yet)").doesNotContain("ADDRESS");
    }

    @Test
    void bootstrap_whenTheSpecTargetsLocal_refusesWithoutCallingAws() {
        assertThat(f.ddaHere("bootstrap", "--account", "local")).isEqualTo(1);
        assertThat(f.err).contains("targets local, which needs no IAM roles");
    }

    @Test
    void status_json_listsStateEntriesAndNoLock() throws Exception {
        assertThat(f.ddaHere("apply", "--auto-approve", "--target", "bucket.b2")).isEqualTo(0);
        assertThat(f.ddaHere("status", "--format", "json")).isEqualTo(0);

        JsonNode status = Json.mapper().readTree(f.out.toString());
        assertThat(status.get("serial").asLong()).isEqualTo(4);
        assertThat(status.get("resources")).hasSize(2);
        assertThat(status.at("/resources/1/address").asText()).isEqualTo("bucket.b2");
        assertThat(status.at("/resources/1/status").asText()).isEqualTo("applied");
        assertThat(status.at("/resources/1/outputs").has("dda:dependsOn")).isFalse();
        assertThat(status.get("lock").isNull()).isTrue();
    }

    @Test
    void plan_withAMistypedTarget_exits1WithASuggestion() {
        assertThat(f.ddaHere("plan", "--target", "bucket.bb1")).isEqualTo(1);
        assertThat(f.err).contains("did you mean bucket.b1");
    }
}
