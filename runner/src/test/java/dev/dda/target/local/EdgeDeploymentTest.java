package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.dda.edge.EdgeMain;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.packaging.EdgeDistribution;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.CompileTarget;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.testing.LoopbackPorts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing, end to end on this machine: the edge service component built from edge/target, a model component
 * holding a small demo model, deployed to a local device through the handlers; then a broken model version whose
 * Startup fails, leaving the previous version serving. Skipped when the edge module is not built.
 */
class EdgeDeploymentTest {
    @TempDir
    Path root;
    private Packaging packaging;
    private final FakeContext context = new FakeContext();
    private int port;
    private ResourceState deployed;
    private DeploymentHandler deployments;

    @BeforeEach
    void setUp() throws Exception {
        Path edgeTarget = EdgeDistribution.locateEdgeTarget(Map.of());
        assumeTrue(Files.isRegularFile(edgeTarget.resolve("dda-edge.jar")), "edge module not built");
        packaging = new Packaging(root, new EdgeDistribution(edgeTarget,
                EdgeDistribution.defaultMavenRepository(System.getenv()), root.resolve("cache")),
                EnumSet.of(CompileTarget.host()));
        deployments = new DeploymentHandler(packaging);
        port = LoopbackPorts.freeRun(3);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (deployed != null) {
            deployments.delete(deployed, context);
        }
    }

    @Test
    void deploy_whenModelThenBrokenModel_servesAndRollsBack() throws Exception {
        CompileTarget host = CompileTarget.host();
        Resource deployment = deployment();

        ApplyOutcome first = deployFirst(deployment);

        assertThat(first.outputs()).containsEntry("endpoint", "http://127.0.0.1:" + port);
        assertThat(get("/v2/health/ready")).isEqualTo(200);
        assertThat(get("/v2/models/detector/versions/v1/ready")).isEqualTo(200);
        Change again = plan(deployment);
        assertThat(again.action().changes()).as(String.valueOf(again.reasons())).isFalse();

        publishModel("v2", true, 'b');
        Change redeploy = plan(deployment);
        assertThat(redeploy.reasons()).anyMatch(r -> r.startsWith("redeploy: component.com.example.detector-"
                + host.id()));
        assertThatThrownBy(() -> deployments.apply(redeploy, deployment, context))
                .hasMessageContaining("Startup failed").hasMessageContaining("rolled back");

        assertThat(get("/v2/models/detector/versions/v1/ready")).isEqualTo(200);
        assertThat(packaging.device("station-1").installed().get("com.example.detector-" + host.id()).state())
                .isEqualTo("RUNNING");
    }

    @Test
    void apply_whenTheEdgeServiceDiedWithEveryVersionInPlace_restartsIt() throws Exception {
        Resource deployment = deployment();
        deployFirst(deployment);
        // no supervisor on a local device notices a dead process, as the Greengrass nucleus would
        long pid = Long.parseLong(Files.readString(packaging.device("station-1").workDir("dda.EdgeService")
                .resolve("edge.pid")).strip());
        ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
        service.destroy();
        service.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        Change change = plan(deployment);
        assertThat(change.reasons()).contains("edge service on station-1 is not ready (down): redeploy restarts it");
        deployments.apply(change, deployment, context);

        assertThat(get("/v2/health/ready")).isEqualTo(200);
        assertThat(get("/v2/models/detector/versions/v1/ready")).isEqualTo(200);
    }

    @Test
    void plan_whenTheSpecAddsADeviceTheFleetHasNotRecordedYet_installsOnItInTheSameRun() throws Exception {
        Resource deployment = deployment();
        // the fleet's update to two devices is in this same plan: its recorded outputs still name one
        context.desired.put(Address.parse("fleet.line"), Map.of("devices", List.of("station-1", "station-2")));

        Change change = plan(deployment);

        assertThat(change.reasons()).anyMatch(r -> r.startsWith("install component.dda.EdgeService ")
                && r.endsWith(" on station-2"));
    }

    @Test
    void plan_whenTheEdgePortChanges_saysTheServiceMovesAndApplyMovesIt() throws Exception {
        Resource deployment = deployment();
        deployFirst(deployment);
        Map<String, Object> moved = new java.util.TreeMap<>(deployment.attributes());
        moved.put("edge", Map.of("port", port + 1));
        Resource next = new Resource(deployment.address(), moved, Set.of(), false, null);

        Change change = deployments.diff(next, deployments.observe(next, Optional.of(deployed), context),
                Optional.of(deployed), context);

        // the service is looked for on the new port, where it is not yet: "not ready (down)" would mislead
        assertThat(change.reasons()).contains("edge service on station-1 moves from port " + port + " to "
                + (port + 1) + ": redeploy restarts it there").noneMatch(r -> r.contains("not ready"));
        ApplyOutcome out = deployments.apply(change, next, context);
        deployed = new ResourceState(next.address(), ResourceState.Status.APPLIED, "d", moved, out.outputs(), null,
                Instant.now());
        assertThat(DeploymentHandler.health("127.0.0.1", port + 1)).isEqualTo("ready");
        assertThat(DeploymentHandler.health("127.0.0.1", port)).isEqualTo("down");
    }

    @Test
    void plan_whenTheFleetSetsEdgeHostAndThreads_restartsTheServiceWithThem() throws Exception {
        Resource deployment = deployment();
        deployFirst(deployment);
        Map<String, Object> tuned = new java.util.TreeMap<>(deployment.attributes());
        tuned.put("edge", Map.of("port", port, "host", "0.0.0.0", "threads", 3));
        Resource next = new Resource(deployment.address(), tuned, Set.of(), false, null);

        Change change = deployments.diff(next, deployments.observe(next, Optional.of(deployed), context),
                Optional.of(deployed), context);
        ApplyOutcome out = deployments.apply(change, next, context);
        deployed = new ResourceState(next.address(), ResourceState.Status.APPLIED, "d", tuned, out.outputs(), null,
                Instant.now());

        assertThat(change.action()).isEqualTo(Action.UPDATE);
        assertThat(change.reasons()).contains("edge service on station-1: host 127.0.0.1 → 0.0.0.0, workers default → 3:"
                + " redeploy restarts it");
        String log = Files.readString(packaging.device("station-1").workDir("dda.EdgeService").resolve("edge.log"));
        assertThat(log).contains("listening on http://0.0.0.0:" + port + " (3 workers, queue 16)");
        assertThat(get("/v2/health/ready")).isEqualTo(200);
    }

    @Test
    void deploy_whenTheModelIsUpdatedUnderLoad_failsNoRequestAndServesTheNewVersion() throws Exception {
        Resource deployment = deployment();
        deployFirst(deployment);
        publishModel("v2", false, 'b');
        Change update = plan(deployment);

        // a camera's steady stream: the old version's Shutdown runs before the new one's Startup
        List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread camera = new Thread(() -> {
            while (!stop.get()) {
                answers.add(predict());
            }
        });
        camera.start();
        try {
            deployments.apply(update, deployment, context);
            Thread.sleep(200);
        } finally {
            stop.set(true);
            camera.join();
        }

        assertThat(answers).hasSizeGreaterThan(10).containsOnly(200);
        assertThat(get("/v2/models/detector/versions/v2/ready")).isEqualTo(200);
    }

    @Test
    void deploy_whenThePidFileNamesAnUnrelatedProcess_leavesThatProcessAlone() throws Exception {
        Resource deployment = deployment();
        // after a reboot the edge service's pid file may name a process that has since reused the pid
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = packaging.device("station-1").workDir("dda.EdgeService").resolve("edge.pid");
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(unrelated.pid()));

            deployFirst(deployment);

            assertThat(unrelated.isAlive()).as("Startup killed a process that was not the edge service").isTrue();
            assertThat(get("/v2/models/detector/versions/v1/ready")).isEqualTo(200);
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void deploy_whenAnotherServerAnswersOnThePort_failsSayingSoInsteadOfTakingItForTheEdgeService() throws Exception {
        Resource deployment = deployment();
        // another pipeline's edge service, say, left running on the same port: it answers every health check
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        other.start();
        try {
            assertThatThrownBy(() -> deployments.apply(plan(deployment), deployment, context))
                    .hasMessageContaining("another process already answers on http://127.0.0.1:" + port + " (HTTP 200)");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void deploy_whenASecondCanaryCannotStart_stopsAndPutsTheFirstBack() throws Exception {
        Resource deployment = fleetOfThree(Map.of("canary", 2));
        try (ServerSocket taken = new ServerSocket(port + 1, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> deployments.apply(plan(deployment), deployment, context))
                    .hasMessageContaining("deployment to station-2 failed")
                    .hasMessageContaining("the canary failed, so the rollout stopped and the previous versions were"
                            + " redeployed to [station-1]");
        }
        for (String device : List.of("station-1", "station-2", "station-3")) {
            assertThat(packaging.device(device).installed()).as(device).isEmpty();
        }
        assertThat(DeploymentHandler.health("127.0.0.1", port)).isEqualTo("down");
    }

    @Test
    void deploy_whenOneDeviceFailsWithinMaxFailures_deploysTheOthersWaveByWave() throws Exception {
        Resource deployment = fleetOfThree(Map.of("maxFailuresPercent", 50, "waves", List.of(34L)));
        ApplyOutcome out;
        try (ServerSocket taken = new ServerSocket(port + 1, 50, java.net.InetAddress.getLoopbackAddress())) {
            out = deployments.apply(plan(deployment), deployment, context);
        }
        deployed = new ResourceState(deployment.address(), ResourceState.Status.APPLIED, "d", deployment.attributes(),
                out.outputs(), null, Instant.now());
        assertThat(((Map<?, ?>) out.outputs().get("devices")).keySet().stream().map(String::valueOf))
                .containsExactlyInAnyOrder("station-1", "station-3");
        assertThat(context.progress).anyMatch(line -> line.contains("1 of 3 devices failed, within maxFailuresPercent"
                + " 50; they keep their previous versions and the next apply tries them again"));
        assertThat(DeploymentHandler.health("127.0.0.1", port + 2)).isEqualTo("ready");
        assertThat(context.progress).containsSubsequence("deployment.line: wave-1: [station-1, station-2]",
                "deployment.line: fleet: [station-3]");
        // the next plan sees station-2 without the components, and redeploys
        assertThat(plan(deployment).action().changes()).isTrue();
    }

    @Test
    void deploy_whenOnFailureContinue_leavesTheFailedDeviceAsItFailedAndTheNextPlanRedeploysIt() throws Exception {
        Resource deployment = fleetOfThree(Map.of("maxFailuresPercent", 50, "onFailure", "continue"));
        ApplyOutcome out;
        try (ServerSocket taken = new ServerSocket(port + 1, 50, java.net.InetAddress.getLoopbackAddress())) {
            out = deployments.apply(plan(deployment), deployment, context);
        }
        deployed = new ResourceState(deployment.address(), ResourceState.Status.APPLIED, "d", deployment.attributes(),
                out.outputs(), null, Instant.now());

        assertThat(context.progress).anyMatch(line -> line.contains("1 of 3 devices failed, within maxFailuresPercent"
                + " 50; they are left as they failed"));
        assertThat(context.progress).anyMatch(line -> line.contains("station-2") && line.contains("left as it failed"));
        assertThat(DeploymentHandler.health("127.0.0.1", port + 2)).isEqualTo("ready");
        assertThat(plan(deployment).action().changes()).isTrue();
        assertThat(packaging.device("station-2").installed()).isNotEmpty();
        deployments.delete(deployed, context); // the failed device too, though it is not among the deployed
        deployed = null;
        assertThat(packaging.device("station-2").installed()).isEmpty();
        assertThat(DeploymentHandler.health("127.0.0.1", port + 2)).isEqualTo("down");
    }

    /** The edge service and model v1 published; a fleet of three stations with the given rollout. */
    private Resource fleetOfThree(Map<String, Object> rollout) throws Exception {
        publish(component(Address.of("component", "dda.EdgeService"), Map.of()), 'e');
        publishModel("v1", false, 'a');
        context.outputs.put(Address.parse("fleet.line"), Map.of("devices", List.of("station-1", "station-2",
                "station-3")));
        return new Resource(Address.parse("deployment.line"), Map.of("fleet", "line", "components",
                List.of("com.example.detector"), "edge", Map.of("port", port), "rollout", rollout), Set.of(), false,
                null);
    }

    /** The edge service and model v1 published, for one device of fleet "line". */
    private Resource deployment() throws Exception {
        publish(component(Address.of("component", "dda.EdgeService"), Map.of()), 'e');
        publishModel("v1", false, 'a');
        context.outputs.put(Address.parse("fleet.line"), Map.of("devices", List.of("station-1")));
        return new Resource(Address.parse("deployment.line"), Map.of("fleet", "line",
                "components", List.of("com.example.detector"), "edge", Map.of("port", port)), Set.of(), false, null);
    }

    /** Applies the first deployment and records it, so that tearDown destroys it. */
    private ApplyOutcome deployFirst(Resource deployment) throws Exception {
        ApplyOutcome first = deployments.apply(plan(deployment), deployment, context);
        deployed = new ResourceState(deployment.address(), ResourceState.Status.APPLIED, "d", deployment.attributes(),
                first.outputs(), null, Instant.now());
        return first;
    }

    private Change plan(Resource deployment) throws Exception {
        return deployments.diff(deployment, deployments.observe(deployment, Optional.empty(), context),
                Optional.empty(), context);
    }

    private void publishModel(String version, boolean broken, char digest) throws Exception {
        Path repo = root.resolve("models-" + version);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = EdgeMain.run(List.of("demo-model", "--out", repo.toString(), "--name", "detector", "--version", version),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Map.of());
        assertThat(rc).as(err.toString()).isZero();
        Path model = repo.resolve("detector").resolve(version);
        if (broken) {
            Files.writeString(model.resolve("saved_model/saved_model.pb"), "not a graph");
        }
        Path zip = Files.createDirectories(root.resolve("zip-" + version)).resolve("detector-x86_64-cpu.zip");
        dev.dda.packaging.ModelPackage.zip(model, "detector/" + version + "/", zip);
        CompileTarget host = CompileTarget.host();
        Address compile = Address.parse("compile.detector." + host.id());
        Map<String, Object> record = Map.of("zip", zip.toString(), "sha256", EdgeDistribution.sha256(zip),
                "modelName", "detector", "modelVersion", version, "anomalyThreshold", 0.5,
                "metrics", Map.of("auroc", 0.99));
        context.digests.put(compile, "sha256:" + String.valueOf(digest).repeat(64));
        Path recordDir = Files.createDirectories(CompileHandler.dir(root, compile, context.digest(compile)));
        TrainingHandler.write(recordDir.resolve(CompileHandler.RECORD), record);
        context.outputs.put(compile, record);
        publish(component(Address.parse("component.com.example.detector"), Map.of("model", "detector", "targets",
                List.of(host.id()), "friendlyName", "Detector")), digest);
    }

    private void publish(Resource component, char digest) throws Exception {
        context.digests.put(component.address(), "sha256:" + String.valueOf(digest).repeat(64));
        ComponentHandler handler = new ComponentHandler(packaging);
        Change c = handler.diff(component, handler.observe(component, Optional.empty(), context), Optional.empty(),
                context);
        context.outputs.put(component.address(), handler.apply(c, component, context).outputs());
    }

    private static Resource component(Address address, Map<String, Object> attributes) {
        return new Resource(address, attributes, Set.of(), false, null);
    }

    /** POST /predict of a mid-grey PNG; the status, or -1 when the connection failed. */
    private int predict() {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png", png);
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/predict")).header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(
                    png.toByteArray())).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
