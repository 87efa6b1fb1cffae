package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.ComponentVersions;
import dev.dda.state.ResourceState;
import dev.dda.target.ResourceHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * compile → components → fleet → deployment on the AWS target (S3 and IoT on moto, GreengrassV2 through its wire
 * fake), from a finished training's model.tar.gz in S3. A small engine walks the resources in order the way the
 * real one does: plan each (observe + diff against recorded state), apply what is not NOOP, record outputs.
 */
@ExtendWith(MotoServer.class)
class ComponentPipelineTest {
    private static final String MODEL_COMPONENT = "com.example.det-x86_64-cpu";
    @TempDir
    Path dir;
    private GreengrassFake fake;
    private AwsClients plain;
    private AwsClients clients;
    private final TestContext context = new TestContext();
    private final Map<Address, ResourceState> state = new LinkedHashMap<>();
    private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
    private final String group = "dda-pipe-" + System.nanoTime();
    private List<Resource> resources;

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.put("output", new AwsConfig.BucketRef("usecase", PackagingFixtures.OUTPUT));
        plain = AwsFixtures.clients(MotoServer.get().endpoint());
        IotClient iot = plain.iot("usecase");
        fake = new GreengrassFake(g -> new ArrayList<>(FleetHandler.things(iot, g)));
        clients = AwsFixtures.clients(MotoServer.get().endpoint(), Map.of("GREENGRASSV2", fake.endpoint()));
        List<String> devices = List.of(group + "-1", group + "-2");
        devices.forEach(d -> {
            iot.createThing(b -> b.thingName(d));
            fake.core(d, "amd64");
        });
        ArtifactStore artifacts = PackagingFixtures.artifacts(clients, dir);
        Publications publications = new Publications(artifacts);
        handlers.put("compile", new CompileHandler(clients, TrainingJobTest.FAST, artifacts));
        handlers.put("component", new ComponentHandler(clients, TrainingJobTest.FAST, publications));
        handlers.put("fleet", new FleetHandler(clients));
        handlers.put("deployment", new DeploymentHandler(clients, TrainingJobTest.FAST, publications));
        this.devices = devices;
        resources = resources(List.of("x86_64-cpu"));
    }

    private List<String> devices;

    private List<Resource> resources(List<String> targets) {
        List<Resource> out = new ArrayList<>();
        List<String> deps = new ArrayList<>();
        for (String t : targets) {
            out.add(AwsFixtures.resource("compile.det." + t, Map.of("training", "det", "target", t), "training.det"));
            deps.add("compile.det." + t);
        }
        deps.add("component.dda.EdgeService");
        out.add(AwsFixtures.resource("component.dda.EdgeService", Map.of("friendlyName", "dda edge service")));
        out.add(AwsFixtures.resource("component.com.example.det", Map.of("model", "det", "friendlyName", "Detector",
                "targets", targets), deps.toArray(String[]::new)));
        out.add(AwsFixtures.resource("fleet.line-1", Map.of("thingGroup", group, "devices", devices,
                "account", "usecase")));
        out.add(AwsFixtures.resource("deployment.line-1", Map.of("fleet", "line-1",
                "components", List.of("com.example.det"), "edge", Map.of("port", 5000),
                "rollout", Map.of("maxFailuresPercent", 10)), "fleet.line-1", "component.dda.EdgeService",
                "component.com.example.det"));
        return out;
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
        clients.close();
        plain.close();
    }

    private void train(String job, String weights) throws Exception {
        String uri = PackagingFixtures.putModel(plain.s3("usecase"), job,
                PackagingFixtures.modelTarGz("v-" + job, weights));
        context.outputs.put(Address.parse("training.det"), PackagingFixtures.trained(uri));
    }

    private Change plan(Resource r) throws Exception {
        ResourceHandler h = handlers.get(r.address().kind());
        Optional<ResourceState> prior = Optional.ofNullable(state.get(r.address()));
        return h.diff(r, h.observe(r, prior, context), prior, context);
    }

    private Map<Address, Change> planAll() throws Exception {
        Map<Address, Change> out = new LinkedHashMap<>();
        for (Resource r : resources) {
            out.put(r.address(), plan(r));
        }
        return out;
    }

    private void applyAll() throws Exception {
        for (Resource r : resources) {
            Change c = plan(r);
            if (c.action() == Action.NOOP) {
                continue;
            }
            Map<String, Object> out = handlers.get(r.address().kind()).apply(c, r, context).outputs();
            state.put(r.address(), new ResourceState(r.address(), ResourceState.Status.APPLIED, c.digest(),
                    r.attributes(), out, null, Instant.now()));
            context.outputs.put(r.address(), out);
        }
    }

    @SuppressWarnings("unchecked")
    private String version(String component, String name) {
        return ((Map<String, String>) context.outputsOf(Address.of("component", component)).get("versions")).get(name);
    }

    private JsonNode lastDeployment() {
        String arn = (String) context.outputsOf(Address.parse("fleet.line-1")).get("arn");
        return fake.deploymentsTo(arn).stream().max((a, b) -> a.get("seq").asInt() - b.get("seq").asInt())
                .orElseThrow();
    }

    @Test
    void apply_whenModelTrained_publishesCheckedRecipesWithS3DigestsAndDeploysThem() throws Exception {
        train("det-1", "weights-1");

        applyAll();

        Map<String, Object> compiled = context.outputsOf(Address.parse("compile.det.x86_64-cpu"));
        String sha = (String) compiled.get("sha256");
        String digest = java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha));
        String version = version("com.example.det", MODEL_COMPONENT);
        String model = fake.recipe(MODEL_COMPONENT, version);
        assertThat(model).contains("URI: \"" + compiled.get("uri") + "\"")
                .contains("s3://" + PackagingFixtures.OUTPUT + "/models/training/components/det-x86_64-cpu/" + sha
                        + "/det-x86_64-cpu.zip")
                .contains("Digest: \"" + digest + "\"").contains("Algorithm: \"SHA-256\"")
                .contains("\"dda.EdgeService\":").contains("DependencyType: \"HARD\"")
                .contains("ModelVersion: \"v-det-1\"").contains("Startup:");
        String edgeVersion = version("dda.EdgeService", "dda.EdgeService");
        String edge = fake.recipe("dda.EdgeService", edgeVersion);
        assertThat(edge).contains("Startup:").contains("/v2/health/live")
                .contains("s3://" + PackagingFixtures.OUTPUT + "/dda/components/dda-edge-app/")
                .contains("tensorflow-core-native-1.1.0-linux-x86_64.jar");
        assertThat(dev.dda.render.RecipeChecker.check(model)).isEmpty();
        assertThat(plain.s3("usecase").headObject(b -> b.bucket(PackagingFixtures.OUTPUT)
                .key(((String) compiled.get("uri")).substring(("s3://" + PackagingFixtures.OUTPUT + "/").length())))
                .metadata()).containsEntry(DatasetHandler.SHA_METADATA, sha);
        JsonNode d = lastDeployment();
        assertThat(d.get("components").get(MODEL_COMPONENT).get("componentVersion").asText()).isEqualTo(version);
        assertThat(d.get("components").get("dda.EdgeService").get("componentVersion").asText()).isEqualTo(edgeVersion);
        assertThat(d.get("components").get("aws.greengrass.LogManager").get("configurationUpdate").get("merge")
                .asText()).contains(MODEL_COMPONENT);

        // versions come from content: re-planning changes nothing (dda plan --detailed-exitcode would exit 0)
        assertThat(planAll().values()).extracting(Change::action).containsOnly(Action.NOOP);
        assertThat(planAll().values()).extracting(Change::action).containsOnly(Action.NOOP);
    }

    @Test
    void apply_whenBuiltForTwoTargets_deploysTheVariantForTheDevicesArchitecture() throws Exception {
        resources = resources(List.of("arm64-cpu", "x86_64-cpu"));
        train("det-3", "weights-3");

        applyAll();

        String arm = version("com.example.det", "com.example.det-arm64-cpu");
        assertThat(fake.recipe("com.example.det-arm64-cpu", arm)).contains("architecture: \"aarch64\"");
        JsonNode components = lastDeployment().get("components");
        assertThat(components.has(MODEL_COMPONENT)).isTrue(); // the fake's core devices report amd64
        assertThat(components.has("com.example.det-arm64-cpu")).isFalse();
        assertThat(planAll().values()).extracting(Change::action).containsOnly(Action.NOOP);
    }

    @Test
    void plan_whenModelRetrained_showsNewVersionAndRedeployWithReasons() throws Exception {
        train("det-1", "weights-1");
        applyAll();
        String before = version("com.example.det", MODEL_COMPONENT);
        String edgeBefore = version("dda.EdgeService", "dda.EdgeService");
        int published = fake.published().size();

        train("det-2", "weights-2");
        Map<Address, Change> plan = planAll();

        assertThat(plan.get(Address.parse("compile.det.x86_64-cpu")).action()).isEqualTo(Action.REPLACE);
        assertThat(plan.get(Address.parse("compile.det.x86_64-cpu")).reasons())
                .anyMatch(r -> r.contains("produced a new model") && r.contains("det-2"));
        Change component = plan.get(Address.parse("component.com.example.det"));
        assertThat(component.action()).isEqualTo(Action.UPDATE);
        assertThat(component.reasons()).anyMatch(r -> r.contains(MODEL_COMPONENT + " " + before + " → "
                + ComponentVersions.KNOWN_AFTER_APPLY) && r.contains("model changed"));
        assertThat(plan.get(Address.parse("component.dda.EdgeService")).action()).isEqualTo(Action.NOOP);
        Change deployment = plan.get(Address.parse("deployment.line-1"));
        assertThat(deployment.action()).isEqualTo(Action.UPDATE);
        assertThat(deployment.reasons()).anyMatch(r -> r.contains("redeploy: " + MODEL_COMPONENT + " " + before));

        applyAll();

        String after = version("com.example.det", MODEL_COMPONENT);
        assertThat(after).isNotEqualTo(before).startsWith("1.");
        assertThat(version("dda.EdgeService", "dda.EdgeService")).isEqualTo(edgeBefore);
        assertThat(fake.published()).hasSize(published + 1).contains(MODEL_COMPONENT + "@" + after);
        assertThat(lastDeployment().get("components").get(MODEL_COMPONENT).get("componentVersion").asText())
                .isEqualTo(after);
        assertThat(planAll().values()).extracting(Change::action).containsOnly(Action.NOOP);
    }
}
