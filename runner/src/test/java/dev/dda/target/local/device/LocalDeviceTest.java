package dev.dda.target.local.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.render.RecipeArtifact;
import dev.dda.render.RecipeChecker;
import dev.dda.render.RenderedRecipe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeviceTest {
    @TempDir
    Path root;
    private ComponentStore store;
    private LocalDevice device;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new ComponentStore(root.resolve("components"));
        device = new LocalDevice(root.resolve("devices"), "station-1", store, LocalDevice.hostPlatform());
    }

    @AfterEach
    void tearDown() throws IOException {
        device.stopAll(progress::add);
    }

    @Test
    void deploy_whenShellComponent_runsInstallStartupRunInOrderWithSubstitutions() throws Exception {
        publishServer("1.0.0", "hello");
        publishRunner();
        LocalDevice.Result r = device.deploy(Map.of("test.Server", "1.0.0", "test.Runner", "1.0.0"), Map.of(),
                progress::add);

        assertThat(r.succeeded()).as(r.message()).isTrue();
        Path work = device.workDir("test.Server");
        waitFor(work.resolve("order.txt"), "run");
        List<String> order = Files.readAllLines(work.resolve("order.txt"));
        assertThat(order).containsExactly("install hello station-1", "startup", "runner-install", "run");
        assertThat(Files.readString(work.resolve("paths.txt")).trim()).isEqualTo(
                device.dir().resolve("packages/artifacts/test.Server/1.0.0") + " "
                        + device.dir().resolve("packages/artifacts-unarchived/test.Server/1.0.0") + " " + work);
        assertThat(Files.readString(work.resolve("bundle.txt")).trim()).isEqualTo("from the zip");
        assertThat(LifecycleRunner.alive(device.workDir("test.Runner").resolve(".dda-run.pid"))).isTrue();
        assertThat(device.installed().get("test.Server").state()).isEqualTo("RUNNING");
    }

    @Test
    void deploy_whenConfigurationMerged_substitutesTheMergedValue() throws Exception {
        publishServer("1.0.0", "hello");
        device.deploy(Map.of("test.Server", "1.0.0"), Map.of("test.Server", Map.of("Greeting", "merged")), progress::add);
        waitFor(device.workDir("test.Server").resolve("order.txt"), "startup");
        assertThat(Files.readAllLines(device.workDir("test.Server").resolve("order.txt")).get(0))
                .isEqualTo("install merged station-1");
    }

    @Test
    void stopAll_whenRunning_runsShutdownInReverseOrderAndEndsTheDetachedProcess() throws Exception {
        publishServer("1.0.0", "hello");
        publishRunner();
        device.deploy(Map.of("test.Server", "1.0.0", "test.Runner", "1.0.0"), Map.of(), progress::add);
        Path work = device.workDir("test.Server");
        waitFor(work.resolve("order.txt"), "run");
        long pid = Long.parseLong(Files.readString(device.workDir("test.Runner").resolve(".dda-run.pid")).trim());

        device.stopAll(progress::add);

        assertThat(Files.readAllLines(work.resolve("order.txt"))).endsWith("runner-shutdown", "shutdown");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(device.installed()).isEmpty();
    }

    @Test
    void deploy_whenNothingChanged_doesNothing() throws Exception {
        publishServer("1.0.0", "hello");
        device.deploy(Map.of("test.Server", "1.0.0"), Map.of(), progress::add);
        LocalDevice.Result again = device.deploy(Map.of("test.Server", "1.0.0"), Map.of(), progress::add);
        assertThat(again.message()).isEqualTo("no change");
    }

    @Test
    void deploy_whenNewModelStartupFails_rollsBackAndPreviousVersionServes() throws Exception {
        publishServer("1.0.0", "hello");
        publishModel("1.0.0", "true");
        LocalDevice.Result first = device.deploy(Map.of("test.Server", "1.0.0", "test.Model", "1.0.0"), Map.of(),
                progress::add);
        assertThat(first.succeeded()).as(first.message()).isTrue();
        Path serving = device.workDir("test.Server").resolve("serving.txt");
        assertThat(Files.readString(serving).trim()).isEqualTo("1.0.0");

        publishModel("2.0.0", "echo 'model rejected: HTTP 422' >&2; exit 3");
        LocalDevice.Result second = device.deploy(Map.of("test.Server", "1.0.0", "test.Model", "2.0.0"), Map.of(),
                progress::add);

        assertThat(second.succeeded()).isFalse();
        assertThat(second.message()).contains("test.Model 2.0.0", "Startup failed with exit code 3",
                "model rejected: HTTP 422", "rolled back to");
        assertThat(Files.readString(serving).trim()).isEqualTo("1.0.0");
        assertThat(device.installed().get("test.Model").version()).isEqualTo("1.0.0");
        assertThat(device.installed().get("test.Model").state()).isEqualTo("RUNNING");
    }

    @Test
    void deploy_whenNewModelStartupFailsWithoutRollback_leavesItBrokenAndTheNextDeployRetriesIt() throws Exception {
        publishServer("1.0.0", "hello");
        publishModel("1.0.0", "true");
        device.deploy(Map.of("test.Server", "1.0.0", "test.Model", "1.0.0"), Map.of(), progress::add);
        publishServer("2.0.0", "hello again");
        publishModel("2.0.0", "echo 'model rejected: HTTP 422' >&2; exit 3");

        LocalDevice.Result r = device.deploy(Map.of("test.Server", "2.0.0", "test.Model", "2.0.0"), Map.of(), false,
                progress::add);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("test.Model 2.0.0", "model rejected: HTTP 422", "left as it failed")
                .doesNotContain("rolled back");
        assertThat(device.installed().get("test.Server")).extracting(LocalDevice.Installed::version,
                LocalDevice.Installed::state).containsExactly("2.0.0", "RUNNING");
        assertThat(device.installed().get("test.Model")).extracting(LocalDevice.Installed::version,
                LocalDevice.Installed::state).containsExactly("2.0.0", "BROKEN");
        // the model writes this when its Startup check passes: 2.0.0 never did
        assertThat(Files.readString(device.workDir("test.Server").resolve("serving.txt")).trim()).isEqualTo("1.0.0");
        publishModel("2.0.1", "true");
        assertThat(device.deploy(Map.of("test.Server", "2.0.0", "test.Model", "2.0.1"), Map.of(), false,
                progress::add).succeeded()).isTrue();
        assertThat(device.installed().get("test.Model").state()).isEqualTo("RUNNING");
    }

    @Test
    void deploy_whenStartupOutlivesTimeout_failsNamingTheTimeout() throws Exception {
        publishModel("1.0.0", "sleep 30");
        publishServer("1.0.0", "hello");
        String recipe = store.recipe("test.Model", "1.0.0").text().replace("Timeout: 60", "Timeout: 1");
        publish(recipe, "test.Model", "1.0.1", Map.of());
        LocalDevice.Result r = device.deploy(Map.of("test.Server", "1.0.0", "test.Model", "1.0.1"), Map.of(),
                progress::add);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("did not finish within 1 s");
    }

    private void publishServer(String version, String greeting) throws Exception {
        Path files = Files.createDirectories(root.resolve("src-" + version));
        Path hello = Files.writeString(files.resolve("hello.txt"), "hello file\n");
        Path zip = files.resolve("bundle.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("bundle.txt"));
            z.write("from the zip\n".getBytes(StandardCharsets.UTF_8));
        }
        String recipe = """
                RecipeFormatVersion: "2020-01-25"
                ComponentName: "test.Server"
                ComponentVersion: "%s"
                ComponentConfiguration:
                  DefaultConfiguration:
                    Greeting: "%s"
                ComponentDependencies:
                  aws.greengrass.Nucleus: { VersionRequirement: ">=2.0.0", DependencyType: "SOFT" }
                Manifests:
                  - Platform: { os: "windows" }
                    Lifecycle: { Run: "exit 9" }
                  - Platform: { os: "linux" }
                    Lifecycle:
                      Setenv:
                        GREETING: "{configuration:/Greeting}"
                      Install:
                        Script: |
                          echo "install $GREETING {iot:thingName}" >> order.txt
                          echo "{artifacts:path} {artifacts:decompressedPath} {work:path}" > paths.txt
                          cp "{artifacts:decompressedPath}/bundle/bundle.txt" bundle.txt
                          test -f "{artifacts:path}/hello.txt"
                      Startup: "echo startup >> order.txt"
                      Shutdown: "echo shutdown >> order.txt"
                    Artifacts:
                      - { URI: "s3://b/test.Server/%s/hello.txt", Digest: "%s", Algorithm: "SHA-256" }
                      - { URI: "s3://b/test.Server/%s/bundle.zip", Digest: "%s", Algorithm: "SHA-256", Unarchive: "ZIP" }
                """.formatted(version, greeting, version, b64(hello), version, b64(zip));
        publish(recipe, "test.Server", version, Map.of("hello.txt", hello, "bundle.zip", zip));
    }

    /** A component with a foreground Run (no Startup), run detached; it logs into the server's order file. */
    private void publishRunner() throws Exception {
        String recipe = """
                RecipeFormatVersion: "2020-01-25"
                ComponentName: "test.Runner"
                ComponentVersion: "1.0.0"
                ComponentDependencies:
                  test.Server: { VersionRequirement: "^1.0.0", DependencyType: "HARD" }
                Manifests:
                  - Platform: { os: "linux", architecture: "%s" }
                    Lifecycle:
                      Install: "echo runner-install >> '{test.Server:work:path}/order.txt'"
                      Run: "echo run >> '{test.Server:work:path}/order.txt'; exec sleep 60"
                      Shutdown: "echo runner-shutdown >> '{test.Server:work:path}/order.txt'"
                """.formatted(LocalDevice.hostPlatform().get("architecture"));
        publish(recipe, "test.Runner", "1.0.0", Map.of());
    }

    /** A model component: Startup "loads" by writing its version where the server serves from, then runs CHECK. */
    private void publishModel(String version, String check) throws Exception {
        String recipe = """
                RecipeFormatVersion: "2020-01-25"
                ComponentName: "test.Model"
                ComponentVersion: "%s"
                ComponentDependencies:
                  test.Server: { VersionRequirement: ">=1.0.0 <2.0.0", DependencyType: "HARD" }
                Manifests:
                  - Platform: { os: "linux" }
                    Lifecycle:
                      Startup:
                        Timeout: 60
                        Script: |
                          %s
                          echo "%s" > "{test.Server:work:path}/serving.txt"
                """.formatted(version, check, version);
        publish(recipe, "test.Model", version, Map.of());
    }

    private void publish(String recipe, String name, String version, Map<String, Path> files) throws Exception {
        String text = recipe.replace("ComponentVersion: \"1.0.0\"", "ComponentVersion: \"" + version + "\"");
        assertThat(RecipeChecker.check(text)).isEmpty();
        List<RecipeArtifact> artifacts = new ArrayList<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            artifacts.add(new RecipeArtifact(f.getKey(), HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f.getValue())))));
        }
        store.publish(new RenderedRecipe(name, version, text, artifacts), files);
    }

    private static String b64(Path file) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void waitFor(Path file, String lastLine) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(file) && Files.readAllLines(file).contains(lastLine)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(file + " never got line " + lastLine);
    }

    @SuppressWarnings("unused")
    private static void unused(OutputStream o) {
    }
}
