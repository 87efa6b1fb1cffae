package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.ResourceHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;

/** Components, fleets and deployments: IoT on moto, GreengrassV2 through its wire fake. */
@ExtendWith(MotoServer.class)
class GreengrassTest {
    private GreengrassFake fake;
    private AwsClients plain;
    private AwsClients clients;
    private final TestContext context = new TestContext();
    private final String group = "dda-line-" + System.nanoTime();
    private Publications publications;

    @BeforeEach
    void setUp() throws Exception {
        plain = AwsFixtures.clients(MotoServer.get().endpoint());
        IotClient iot = plain.iot("usecase");
        fake = new GreengrassFake(g -> new ArrayList<>(FleetHandler.things(iot, g)));
        clients = AwsFixtures.clients(MotoServer.get().endpoint(), Map.of("GREENGRASSV2", fake.endpoint()));
        publications = new Publications(new ArtifactStore(clients, null, java.util.Set.of(
                dev.dda.render.CompileTarget.X86_64_CPU)));
        for (int i = 1; i <= 4; i++) {
            String thing = group + "-dev-" + i;
            iot.createThing(b -> b.thingName(thing));
            fake.core(thing, "amd64");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
        clients.close();
        plain.close();
    }

    static String recipe(String name, String version, String message) {
        return "RecipeFormatVersion: '2020-01-25'\nComponentName: " + name + "\nComponentVersion: '" + version
                + "'\nManifests:\n  - Platform: { os: linux }\n    Lifecycle: { Run: \"echo " + message + "\" }\n";
    }

    private ApplyOutcome converge(ResourceHandler h, Resource r) throws Exception {
        Change c = h.diff(r, h.observe(r, Optional.empty(), context), Optional.empty(), context);
        ApplyOutcome out = h.apply(c, r, context);
        context.outputs.put(r.address(), out.outputs());
        return out;
    }

    private Change plan(ResourceHandler h, Resource r) throws Exception {
        Optional<ResourceState> prior = Optional.of(new ResourceState(r.address(), ResourceState.Status.APPLIED, "d",
                r.attributes(), context.outputsOf(r.address()), null, Instant.now()));
        return h.diff(r, h.observe(r, prior, context), prior, context);
    }

    private Resource component(String name, String version, String message) {
        return AwsFixtures.resource("component." + name, Map.of("recipe", recipe(name, version, message)));
    }

    private Resource fleet() {
        List<String> devices = List.of(group + "-dev-1", group + "-dev-2", group + "-dev-3", group + "-dev-4");
        return AwsFixtures.resource("fleet.line-1", Map.of("thingGroup", group, "devices", devices, "account", "usecase"));
    }

    private Resource deployment() {
        return deployment(Map.of("canary", 1, "maxFailuresPercent", 10, "onFailure", "rollback"));
    }

    private Resource deployment(Map<String, Object> rollout) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fleet", "line-1");
        a.put("components", List.of("com.example.Detector"));
        a.put("edge", Map.of("port", 5000));
        a.put("rollout", rollout);
        return AwsFixtures.resource("deployment.line-1", a, "fleet.line-1", "component.com.example.Detector");
    }

    @Test
    void apply_whenComponentPublishedAgainWithSameRecipe_succeedsAndWithDifferentRecipeRefuses() throws Exception {
        ComponentHandler h = new ComponentHandler(clients, TrainingJobTest.FAST, publications);
        fake.inject(1, GreengrassFake.error(429, "ThrottlingException", "slow down"));

        ApplyOutcome first = converge(h, component("com.example.Detector", "1.0.0", "a"));
        assertThat(first.outputs()).containsEntry("versions", Map.of("com.example.Detector", "1.0.0"));
        assertThat(fake.calls("DescribeComponent")).isGreaterThanOrEqualTo(2); // REQUESTED, then DEPLOYABLE

        Resource same = component("com.example.Detector", "1.0.0", "a");
        assertThat(h.apply(new Change(same.address(), Action.CREATE, List.of(), Map.of(), Map.of(), java.util.Set.of(),
                "d"), same, context).outputs()).containsEntry("versions", Map.of("com.example.Detector", "1.0.0"));
        Resource changed = component("com.example.Detector", "1.0.0", "b");
        assertThatThrownBy(() -> h.apply(new Change(changed.address(), Action.CREATE, List.of(), Map.of(), Map.of(),
                java.util.Set.of(), "d"), changed, context)).hasMessageContaining("different recipe");
        assertThat(plan(h, same).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void plan_whenTheFleetIsCreatedInTheSameRun_showsTheRolloutStagesFromTheSpecsDevices() throws Exception {
        converge(new ComponentHandler(clients, TrainingJobTest.FAST, publications), component("dda.EdgeService", "1.0.0", "edge"));
        converge(new ComponentHandler(clients, TrainingJobTest.FAST, publications), component("com.example.Detector", "1.0.0", "a"));
        context.desired.put(Address.parse("fleet.line-1"), fleet().attributes());
        DeploymentHandler h = new DeploymentHandler(clients, TrainingJobTest.FAST, publications);

        Change first = h.diff(deployment(), h.observe(deployment(), Optional.empty(), context), Optional.empty(),
                context);

        assertThat(first.action()).isEqualTo(Action.CREATE);
        assertThat(first.reasons()).contains("no deployment to the fleet's thing group yet")
                .anyMatch(r -> r.startsWith("rollout: canary [" + group + "-dev-1] → fleet"));
    }

    @Test
    void apply_whenFleetDeployed_canaryFirstThenGroupWithRolloutRollbackAndLogManager() throws Exception {
        converge(new ComponentHandler(clients, TrainingJobTest.FAST, publications), component("dda.EdgeService", "1.0.0", "edge"));
        converge(new ComponentHandler(clients, TrainingJobTest.FAST, publications), component("com.example.Detector", "1.0.0", "a"));
        FleetHandler fleets = new FleetHandler(clients);
        converge(fleets, fleet());
        assertThat(plan(fleets, fleet()).action()).isEqualTo(Action.NOOP);
        DeploymentHandler h = new DeploymentHandler(clients, TrainingJobTest.FAST, publications);

        ApplyOutcome done = converge(h, deployment());

        assertThat(done.outputs()).containsEntry("devices", 4);
        String groupArn = (String) context.outputsOf(Address.parse("fleet.line-1")).get("arn");
        assertThat(fake.deploymentsTo(groupArn.replace(group, group + "-canary"))).hasSize(1);
        JsonNode d = fake.deployment((String) done.outputs().get("deploymentId"));
        assertThat(d.get("targetArn").asText()).isEqualTo(groupArn);
        assertThat(d.get("deploymentPolicies").get("failureHandlingPolicy").asText()).isEqualTo("ROLLBACK");
        assertThat(d.get("iotJobConfiguration").get("abortConfig").get("criteriaList").get(0)
                .get("thresholdPercentage").asDouble()).isEqualTo(10.0);
        assertThat(d.get("components").get("dda.EdgeService").get("configurationUpdate").get("merge").asText())
                .contains("5000");
        assertThat(d.get("components").get("aws.greengrass.LogManager").get("configurationUpdate").get("merge").asText())
                .contains("\"com.example.Detector\"").contains("\"dda.EdgeService\"");
        assertThat(plan(h, deployment()).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void apply_whenCanaryFails_redeploysPreviousVersionsToItAndLeavesTheFleetAlone() throws Exception {
        ComponentHandler components = new ComponentHandler(clients, TrainingJobTest.FAST, publications);
        converge(components, component("dda.EdgeService", "1.0.0", "edge"));
        converge(components, component("com.example.Detector", "1.0.0", "a"));
        converge(new FleetHandler(clients), fleet());
        DeploymentHandler h = new DeploymentHandler(clients, TrainingJobTest.FAST, publications);
        converge(h, deployment());
        String groupArn = (String) context.outputsOf(Address.parse("fleet.line-1")).get("arn");
        int before = fake.deploymentsTo(groupArn).size();

        converge(components, component("com.example.Detector", "1.1.0", "broken"));
        fake.failOn(group + "-dev-1", "com.example.Detector", "1.1.0");
        Change upgrade = plan(h, deployment());
        assertThat(upgrade.action()).isEqualTo(Action.UPDATE);

        assertThatThrownBy(() -> h.apply(upgrade, deployment(), context)).hasMessageContaining("canary failed")
                .hasMessageContaining("Startup health gate");
        List<com.fasterxml.jackson.databind.node.ObjectNode> canary = fake.deploymentsTo(groupArn.replace(group,
                group + "-canary"));
        JsonNode rollback = canary.stream().max((a, b) -> a.get("seq").asInt() - b.get("seq").asInt()).orElseThrow();
        assertThat(rollback.get("components").get("com.example.Detector").get("componentVersion").asText())
                .isEqualTo("1.0.0");
        assertThat(fake.deploymentsTo(groupArn)).hasSize(before);
    }

    /** Both components at 1.0.0 and the fleet of four applied; the deployment handler. */
    private DeploymentHandler publishedFleet() throws Exception {
        ComponentHandler components = new ComponentHandler(clients, TrainingJobTest.FAST, publications);
        converge(components, component("dda.EdgeService", "1.0.0", "edge"));
        converge(components, component("com.example.Detector", "1.0.0", "a"));
        converge(new FleetHandler(clients), fleet());
        return new DeploymentHandler(clients, TrainingJobTest.FAST, publications);
    }

    private String groupArn(String suffix) {
        String fleetArn = (String) context.outputsOf(Address.parse("fleet.line-1")).get("arn");
        return fleetArn.replace(group, group + suffix);
    }

    private List<String> members(String thingGroup) {
        return new ArrayList<>(FleetHandler.things(plain.iot("usecase"), thingGroup));
    }

    @Test
    void apply_whenWaves_deploysCanaryThenEachWaveThroughItsOwnGroupThenTheFleet() throws Exception {
        DeploymentHandler h = publishedFleet();
        Resource deployment = deployment(Map.of("canary", 1, "waves", List.of(50L, 100L)));

        converge(h, deployment);

        assertThat(members(group + "-canary")).containsExactly(group + "-dev-1");
        assertThat(members(group + "-wave-1")).containsExactly(group + "-dev-2");
        assertThat(fake.deploymentsTo(groupArn("-canary"))).hasSize(1);
        assertThat(fake.deploymentsTo(groupArn("-wave-1"))).singleElement()
                .satisfies(d -> assertThat(d.get("deploymentName").asText()).isEqualTo("dda-line-1-wave-1"));
        assertThat(fake.deploymentsTo(groupArn(""))).hasSize(1);
        assertThat(context.progress).anyMatch(l -> l.contains("wave-1: deploying to [" + group + "-dev-2]"));
        assertThat(plan(h, deployment).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void apply_whenAWaveFailsBeyondTheThreshold_stopsBeforeTheFleet() throws Exception {
        DeploymentHandler h = publishedFleet();
        Resource deployment = deployment(Map.of("waves", List.of(50L), "maxFailuresPercent", 10));
        converge(h, deployment);
        int before = fake.deploymentsTo(groupArn("")).size();
        converge(new ComponentHandler(clients, TrainingJobTest.FAST, publications),
                component("com.example.Detector", "1.1.0", "broken"));
        fake.failOn(group + "-dev-2", "com.example.Detector", "1.1.0");

        assertThatThrownBy(() -> h.apply(plan(h, deployment), deployment, context))
                .hasMessageContaining("the rollout stopped after wave-1: 1 of 2 devices failed, more than"
                        + " maxFailuresPercent 10; not reached: [" + group + "-dev-3, " + group + "-dev-4]");
        assertThat(fake.deploymentsTo(groupArn(""))).hasSize(before);
    }

    @Test
    void apply_whenDevicesFailWithinTheThreshold_completesAndTheNextPlanDeploysAgain() throws Exception {
        DeploymentHandler h = publishedFleet();
        Resource deployment = deployment(Map.of("waves", List.of(50L), "maxFailuresPercent", 50));
        fake.failOn(group + "-dev-2", "com.example.Detector", "1.0.0");

        ApplyOutcome done = converge(h, deployment);

        assertThat(context.progress).anyMatch(l -> l.contains("wave-1: 1 of 2 devices failed, within"
                + " maxFailuresPercent 50; the rollout goes on"));
        assertThat(fake.deploymentsTo(groupArn(""))).hasSize(1);
        assertThat(String.valueOf(((Map<?, ?>) done.outputs().get("failedDevices")).keySet())).isEqualTo("[" + group + "-dev-2]");
        assertThat(context.progress).anyMatch(l -> l.contains("1 of 4 devices failed, within maxFailuresPercent 50;"
                + " the next apply deploys to them again"));
        Change next = plan(h, deployment);
        assertThat(next.action()).isEqualTo(Action.UPDATE);
        assertThat(next.reasons()).containsExactly("redeploy: 1 device(s) failed the last deployment, within"
                + " maxFailuresPercent: [" + group + "-dev-2]", "rollout: wave-1 [" + group + "-dev-1, " + group
                + "-dev-2] → fleet [" + group + "-dev-3, " + group + "-dev-4]");
    }

    @Test
    void apply_whenDevicesFailBeyondTheThreshold_failsSayingWhetherTheyWereRolledBack() throws Exception {
        DeploymentHandler h = publishedFleet();
        fake.failOn(group + "-dev-3", "com.example.Detector", "1.0.0");

        assertThatThrownBy(() -> converge(h, deployment(Map.of("onFailure", "continue"))))
                .hasMessageContaining("failed on 1 device(s) (onFailure continue: left as they failed)")
                .hasMessageEndingWith("; more than maxFailuresPercent 10");
    }

    @Test
    void delete_whenStaged_deletesTheStageGroupsSoNoDeviceKeepsTheirComponents() throws Exception {
        DeploymentHandler h = publishedFleet();
        Resource deployment = deployment(Map.of("canary", 1, "waves", List.of(50L)));
        ApplyOutcome done = converge(h, deployment);
        IotClient iot = plain.iot("usecase");

        h.delete(new ResourceState(deployment.address(), ResourceState.Status.APPLIED, "d", deployment.attributes(),
                done.outputs(), null, Instant.now()), context);

        for (String stage : List.of("-canary", "-wave-1")) {
            assertThatThrownBy(() -> iot.describeThingGroup(b -> b.thingGroupName(group + stage)))
                    .isInstanceOf(software.amazon.awssdk.services.iot.model.ResourceNotFoundException.class);
        }
        assertThat(iot.describeThingGroup(b -> b.thingGroupName(group)).thingGroupName()).isEqualTo(group);
        assertThat(fake.deployment((String) done.outputs().get("deploymentId")).has("canceled")).isTrue();
    }

    @Test
    void delete_whenFleetAndComponentsGo_removesTheThingGroupAndTheComponentVersions() throws Exception {
        ComponentHandler components = new ComponentHandler(clients, TrainingJobTest.FAST, publications);
        Resource detector = component("com.example.Detector", "1.0.0", "a");
        ApplyOutcome published = converge(components, detector);
        FleetHandler fleets = new FleetHandler(clients);
        ApplyOutcome fleet = converge(fleets, fleet());
        assertThat(fake.published()).isNotEmpty();

        fleets.delete(recorded(fleet(), fleet), context);
        components.delete(recorded(detector, published), context);

        assertThatThrownBy(() -> plain.iot("usecase").describeThingGroup(b -> b.thingGroupName(group)))
                .isInstanceOf(software.amazon.awssdk.services.iot.model.ResourceNotFoundException.class);
        assertThat(fake.published()).noneMatch(arn -> arn.contains("com.example.Detector"));
    }

    private static ResourceState recorded(Resource r, ApplyOutcome outcome) {
        return new ResourceState(r.address(), ResourceState.Status.APPLIED, "d", r.attributes(), outcome.outputs(),
                null, Instant.now());
    }

    @Test
    void await_whenAppliedWithNoWait_picksUpTheFleetDeploymentAndJudgesItByTheRollout() throws Exception {
        DeploymentHandler h = publishedFleet();
        Resource deployment = deployment(Map.of("maxFailuresPercent", 30));
        fake.failOn(group + "-dev-4", "com.example.Detector", "1.0.0");
        context.noWait = true;

        ApplyOutcome started = h.apply(plan(h, deployment), deployment, context);

        assertThat(started).isInstanceOf(ApplyOutcome.Pending.class);
        String id = ((ApplyOutcome.Pending) started).jobRef();
        context.noWait = false;
        ApplyOutcome done = h.await(plan(h, deployment), new ResourceState(deployment.address(),
                ResourceState.Status.PENDING, "d", deployment.attributes(), started.outputs(), id, Instant.now()), context);
        assertThat(done.outputs()).containsEntry("deploymentId", id).containsEntry("devices", 4);
        assertThat(String.valueOf(((Map<?, ?>) done.outputs().get("failedDevices")).keySet()))
                .isEqualTo("[" + group + "-dev-4]");
    }

    @Test
    void apply_whenTheCanaryIsDroppedAndWavesChange_emptiesTheStageGroupsNoLongerUsed() throws Exception {
        DeploymentHandler h = publishedFleet();
        converge(h, deployment(Map.of("canary", 1, "waves", List.of(25L, 75L))));
        assertThat(members(group + "-wave-2")).containsExactly(group + "-dev-2", group + "-dev-3");

        converge(h, deployment(Map.of("waves", List.of(50L))));

        assertThat(members(group + "-canary")).isEmpty();
        assertThat(members(group + "-wave-1")).containsExactly(group + "-dev-1", group + "-dev-2");
        assertThat(members(group + "-wave-2")).isEmpty();
    }
}
