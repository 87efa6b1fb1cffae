package dev.dda.target.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.ComponentVersions;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.Rollout;
import dev.dda.target.TargetException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.dda.render.CompileTarget;
import dev.dda.render.EdgeServiceRecipe;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.greengrassv2.model.ComponentDeploymentSpecification;
import software.amazon.awssdk.services.greengrassv2.model.Deployment;
import software.amazon.awssdk.services.greengrassv2.model.DeploymentFailureHandlingPolicy;
import software.amazon.awssdk.services.greengrassv2.model.DeploymentHistoryFilter;
import software.amazon.awssdk.services.greengrassv2.model.EffectiveDeployment;
import software.amazon.awssdk.services.greengrassv2.model.GetDeploymentResponse;

/**
 * {@code deployment.FLEET}: one Greengrass deployment per thing group, every component version pinned, with a
 * rollout ({@code iotJobConfiguration}: rate, abort threshold, timeout), {@code failureHandlingPolicy: ROLLBACK},
 * the edge service's configuration merged, and {@code aws.greengrass.LogManager} set to upload the dda
 * components' logs to CloudWatch. The rollout's stages before the fleet-wide deployment (see {@link Rollout}) each go
 * to their own thing group ({@link StageGroups}), one after another, dda waiting for every device of a stage: if the
 * canary fails, dda redeploys the previous versions to it and stops before the fleet is touched; after a wave, it
 * stops when the failures so far exceed {@code maxFailuresPercent}. Status comes from each core device's effective
 * deployments and installed components.
 */
final class DeploymentHandler extends AwsHandler {
    static final String LOG_MANAGER = "aws.greengrass.LogManager";
    static final String LOG_MANAGER_VERSION = "2.3.9";
    static final String EDGE_SERVICE = "dda.EdgeService";
    static final String DIGEST_TAG = "dda:digest";
    /** Output: devices where the last deployment failed, within the rollout's share, with their reasons. */
    static final String FAILED_DEVICES = "failedDevices";
    /** IoT Jobs' rollout rate, which the spec does not expose: gradual enough that the abort threshold can act. */
    private static final int MAX_DEVICES_PER_MINUTE = 50;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final Polling polling;
    private final Publications publications;

    DeploymentHandler(AwsClients clients, Polling polling, Publications publications) {
        super(clients);
        this.polling = polling;
        this.publications = publications;
    }

    private GreengrassV2Client greengrass() {
        return clients.greengrass(config().greengrassAccount());
    }

    private static Address fleet(Resource r) {
        return Address.of("fleet", Attrs.required(r.attributes(), "fleet", r.address()));
    }

    /**
     * Component name → version for each component of the fleet: what the component handler planned in this run,
     * else what it recorded. A model built for several compile targets is published as one component per target;
     * the fleet gets the one for its devices' architecture (as Greengrass reports it for the thing group's core
     * devices), because a component without a manifest for a device's platform fails the deployment there.
     */
    Map<String, String> versions(Resource r, PlanContext context, Set<String> architectures) throws TargetException {
        Map<String, String> out = new TreeMap<>();
        List<String> names = new ArrayList<>(Attrs.strings(r.attributes(), "components"));
        names.add(0, EDGE_SERVICE);
        for (String c : names) {
            Map<String, String> v = published(Address.of("component", c), context);
            if (v.size() > 1) {
                v = variantFor(r, c, v, architectures);
            }
            out.putAll(v);
        }
        return out;
    }

    private Map<String, String> published(Address component, PlanContext context) {
        Map<String, String> planned = publications.planned(component);
        if (!planned.isEmpty()) {
            return planned;
        }
        Map<String, Object> o = context.outputsOf(component);
        Map<String, String> out = new TreeMap<>();
        if (o.get("versions") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (o.get("version") != null) {
            out.put(String.valueOf(o.getOrDefault("name", component.name())), String.valueOf(o.get("version")));
        }
        return out;
    }

    private static Map<String, String> variantFor(Resource r, String component, Map<String, String> variants,
                                                  Set<String> architectures) throws TargetException {
        Map<String, String> out = new TreeMap<>();
        for (CompileTarget t : CompileTarget.values()) { // GPU first: a CPU variant of the same architecture wins
            String name = component + "-" + t.id();
            if (variants.containsKey(name) && architectures.contains(t.architecture())) {
                out.keySet().removeIf(k -> k.endsWith(t.architecture()));
                out.put(t.architecture(), name);
            }
        }
        if (out.size() != 1) {
            throw new TargetException(r.address() + ": component " + component + " is built for "
                    + variants.keySet() + " and the fleet's core devices report architectures " + architectures
                    + "; one thing group deployment can carry one of them: give each architecture its own fleet, "
                    + "or register the devices with Greengrass first");
        }
        String name = out.values().iterator().next();
        return Map.of(name, variants.get(name));
    }

    /**
     * The architectures Greengrass reports for the fleet's devices. The account's core devices are listed and
     * the fleet's picked out: filtered by thing group, Greengrass lists only devices that have already deployed
     * to that group, so a fleet's first deployment would find none.
     */
    private Set<String> architectures(Resource r, PlanContext context) throws TargetException {
        Set<String> devices = new java.util.HashSet<>(devices(r, context));
        Set<String> out = new java.util.TreeSet<>();
        if (devices.isEmpty()) {
            return out;
        }
        try {
            greengrass().listCoreDevicesPaginator(b -> b.maxResults(100)).coreDevices().forEach(d -> {
                if (devices.contains(d.coreDeviceThingName()) && d.architecture() != null) {
                    out.add(d.architecture());
                }
            });
            return out;
        } catch (SdkException e) {
            throw failure("greengrass:ListCoreDevices", e);
        }
    }

    /** name → version and configuration, for every component the fleet runs (plus LogManager). */
    Map<String, ComponentDeploymentSpecification> components(Resource r, Map<String, String> versions) {
        Map<String, ComponentDeploymentSpecification> out = new TreeMap<>();
        versions.forEach((name, version) -> {
            ComponentDeploymentSpecification.Builder spec = ComponentDeploymentSpecification.builder()
                    .componentVersion(version);
            if (name.equals(EDGE_SERVICE) && !Attrs.map(r.attributes(), "edge").isEmpty()) {
                spec.configurationUpdate(u -> u.merge(json(EdgeServiceRecipe.configuration(
                        Attrs.map(r.attributes(), "edge")))));
            }
            out.put(name, spec.build());
        });
        Map<String, Object> logs = Attrs.map(r.attributes(), "logs");
        // cloudwatch: false leaves LogManager out, so a device that had it from an earlier deployment loses it
        if (!Boolean.FALSE.equals(logs.get("cloudwatch"))) {
            String level = Attrs.str(logs, "level", "INFO");
            out.put(LOG_MANAGER, ComponentDeploymentSpecification.builder().componentVersion(LOG_MANAGER_VERSION)
                    .configurationUpdate(u -> u.merge(json(logManagerConfig(new ArrayList<>(versions.keySet()), level))))
                    .build());
        }
        return out;
    }

    /**
     * LogManager uploads each dda component's log (by component name, as LogManager keys them) and the nucleus's,
     * from {@code level} (the fleet's {@code logs.level}) up.
     */
    static Map<String, Object> logManagerConfig(List<String> components, String level) {
        Map<String, Object> perComponent = new TreeMap<>();
        for (String c : components) {
            perComponent.put(c, Map.of("minimumLogLevel", level, "diskSpaceLimit", "10", "diskSpaceLimitUnit", "MB",
                    "deleteLogFileAfterCloudUpload", "false"));
        }
        return Map.of("logsUploaderConfiguration", Map.of(
                        "systemLogsConfiguration", Map.of("uploadToCloudWatch", "true", "minimumLogLevel", level,
                                "diskSpaceLimit", "25", "diskSpaceLimitUnit", "MB", "deleteLogFileAfterCloudUpload", "false"),
                        "componentLogsConfigurationMap", perComponent),
                "periodicUploadIntervalSec", "300");
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of what is deployed: components, versions, configuration and rollout. */
    static String fingerprint(Map<String, ComponentDeploymentSpecification> components, Map<String, Object> rollout) {
        Map<String, Object> m = new TreeMap<>();
        components.forEach((k, v) -> m.put(k, v.componentVersion() + "|" + (v.configurationUpdate() == null ? ""
                : v.configurationUpdate().merge())));
        m.put("~rollout", rollout);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json(m).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<GetDeploymentResponse> latest(String targetArn) {
        List<Deployment> list = greengrass().listDeployments(b -> b.targetArn(targetArn)
                .historyFilter(DeploymentHistoryFilter.LATEST_ONLY)).deployments();
        if (list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(greengrass().getDeployment(b -> b.deploymentId(list.get(0).deploymentId())));
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        // observed here (diff may not call AWS); which variant each architecture runs is chosen in diff, once
        // every component has planned its versions (observe calls run in parallel)
        Set<String> architectures = architectures(desired, context);
        Object arn = context.outputsOf(fleet(desired)).get("arn");
        try {
            Optional<GetDeploymentResponse> d = arn == null ? Optional.empty() : latest(String.valueOf(arn));
            if (d.isEmpty()) {
                return new Observation(Observation.Presence.ABSENT, Map.of("architectures",
                        new ArrayList<>(architectures)), "");
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("deploymentId", d.get().deploymentId());
            attrs.put("status", d.get().deploymentStatusAsString());
            attrs.put("fingerprint", d.get().tags().getOrDefault(DIGEST_TAG, "(none)"));
            Map<String, String> versions = new TreeMap<>();
            d.get().components().forEach((k, v) -> versions.put(k, v.componentVersion()));
            attrs.put("components", versions);
            attrs.put("architectures", new ArrayList<>(architectures));
            boolean failed = List.of("FAILED", "CANCELED").contains(d.get().deploymentStatusAsString());
            return new Observation(failed ? Observation.Presence.FAILED : Observation.Presence.PRESENT, attrs, "");
        } catch (SdkException e) {
            throw failure("greengrass:ListDeployments for " + arn, e);
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, String> versions;
        try {
            versions = versions(desired, context, new java.util.TreeSet<>(Attrs.strings(actual.attributes(),
                    "architectures")));
        } catch (TargetException e) {
            return change(desired, actual.exists() ? Action.UPDATE : Action.CREATE, List.of("cannot deploy yet: "
                    + e.getMessage()), prior, context);
        }
        String want = fingerprint(components(desired, versions), Attrs.map(desired.attributes(), "rollout"));
        if (!actual.exists()) {
            return rollout(desired, Action.CREATE, List.of("no deployment to the fleet's thing group yet"), prior,
                    context);
        }
        if (actual.presence() == Observation.Presence.FAILED) {
            return rollout(desired, Action.CREATE, List.of("the latest deployment is "
                    + actual.attributes().get("status")), prior, context);
        }
        if (!want.equals(actual.attributes().get("fingerprint"))) {
            return rollout(desired, Action.UPDATE, redeployReasons(versions, actual), prior, context);
        }
        Optional<Change> unfinished = unfinished(desired, actual, prior, context);
        if (unfinished.isPresent()) {
            return unfinished.get();
        }
        Object failed = prior.map(p -> p.outputs().get(FAILED_DEVICES)).orElse(null);
        if (failed instanceof Map<?, ?> devices && !devices.isEmpty()) {
            return rollout(desired, Action.UPDATE, List.of("redeploy: " + devices.size() + " device(s) failed the last"
                    + " deployment, within maxFailuresPercent: " + devices.keySet()), prior, context);
        }
        return change(desired, prior.isPresent() ? Action.NOOP : Action.REUSE,
                prior.isPresent() ? List.of() : List.of("the fleet already runs this deployment"), prior, context);
    }

    /**
     * The fleet's latest deployment is the one wanted, but no apply recorded it as done: left running by
     * {@code --no-wait} (wait for it and judge it), or failed on its devices or stopped while waiting (deploy
     * again, as a tainted resource is replaced).
     */
    private Optional<Change> unfinished(Resource desired, Observation actual, Optional<ResourceState> prior,
                                        PlanContext context) {
        Object latest = actual.attributes().get("deploymentId");
        if (prior.isEmpty() || latest == null || prior.get().status() == ResourceState.Status.APPLIED
                && latest.equals(prior.get().outputs().get("deploymentId"))) {
            return Optional.empty();
        }
        if (prior.get().status() == ResourceState.Status.PENDING && latest.equals(prior.get().jobRef())) {
            return Optional.of(rollout(desired, Action.WAIT, List.of("deployment " + latest + " was left running "
                    + "(--no-wait): wait for its devices and judge the rollout"), prior, context));
        }
        return Optional.of(rollout(desired, Action.UPDATE, List.of("deployment " + latest + " was never recorded "
                + "as done (it failed on devices, or its apply stopped): deploy again"), prior, context));
    }

    /** The fleet's devices: as applied, else as the spec gives them (a fleet this run creates). */
    private static List<String> devices(Resource desired, PlanContext context) {
        List<String> applied = Attrs.strings(context.outputsOf(fleet(desired)), "devices");
        return !applied.isEmpty() ? applied : context.desiredAttributes(fleet(desired))
                .map(f -> Attrs.strings(f, "devices")).orElse(List.of());
    }

    /** A change that deploys, its reasons followed by the rollout's stages. */
    private Change rollout(Resource desired, Action action, List<String> reasons, Optional<ResourceState> prior,
                           PlanContext context) {
        List<String> all = new ArrayList<>(reasons);
        Rollout.of(desired.attributes().get("rollout")).describe(devices(desired, context)).ifPresent(all::add);
        return change(desired, action, all, prior, context);
    }

    /** What changes on the devices, component by component. */
    @SuppressWarnings("unchecked")
    private static List<String> redeployReasons(Map<String, String> versions, Observation actual) {
        Map<String, Object> running = actual.attributes().get("components") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        List<String> reasons = new ArrayList<>();
        versions.forEach((name, v) -> {
            Object old = running.get(name);
            if (old == null) {
                reasons.add("redeploy: add " + name + " " + v);
            } else if (!old.equals(v)) {
                reasons.add("redeploy: " + name + " " + old + " → " + v);
            }
        });
        running.keySet().stream().filter(n -> !versions.containsKey(n) && !n.equals(LOG_MANAGER))
                .forEach(n -> reasons.add("redeploy: remove " + n));
        if (reasons.isEmpty()) {
            reasons.add("redeploy: configuration or rollout changed");
        }
        return reasons;
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, Object> fleet = context.outputsOf(fleet(desired));
        if (fleet.get("arn") == null) {
            throw new TargetException(desired.address() + ": " + fleet(desired) + " is not applied yet");
        }
        Map<String, String> versions = versions(desired, context, architectures(desired, context));
        if (versions.containsValue(ComponentVersions.KNOWN_AFTER_APPLY)) {
            throw new TargetException(desired.address() + ": components are not all published yet: " + versions);
        }
        Map<String, ComponentDeploymentSpecification> components = components(desired, versions);
        Map<String, Object> rolloutSpec = Attrs.map(desired.attributes(), "rollout");
        Rollout rollout = Rollout.of(rolloutSpec);
        List<String> devices = Attrs.strings(fleet, "devices");
        String group = String.valueOf(fleet.get("thingGroup"));
        try {
            Optional<GetDeploymentResponse> previous = latest(String.valueOf(fleet.get("arn")));
            List<Rollout.Stage> stages = rollout.stages(devices.size());
            StageGroups groups = new StageGroups(clients.iot(config().greengrassAccount()), group);
            groups.retireAllBut(stages);
            Run run = new Run(desired, devices, components, rollout, rolloutSpec, previous, context);
            int failed = 0;
            for (Rollout.Stage stage : stages.subList(0, Math.max(0, stages.size() - 1))) {
                String arn = groups.sync(stage.name(), stage.of(devices), desired.address(),
                        config().greengrassAccount());
                failed += stage(run, stage, arn, failed);
            }
            String id = deploy(String.valueOf(fleet.get("arn")), desired.address().name(), components, rollout,
                    rolloutSpec);
            context.recordIntent(desired.address(), id);
            if (context.noWait()) {
                return new ApplyOutcome.Pending(id, Map.of("deploymentId", id));
            }
            return waitForDevices(desired, id, devices, rollout, context);
        } catch (SdkException e) {
            throw failure("deploying to thing group " + group, e);
        }
    }

    /**
     * One stage before the fleet-wide deployment, to its own thing group: the canary, whose failure puts it back on
     * the previous versions and stops; or a wave, which stops the rollout when the failures so far exceed the
     * rollout's share. Returns how many devices of the stage failed.
     */
    private int stage(Run run, Rollout.Stage stage, String arn, int failedBefore) throws TargetException {
        Resource desired = run.desired();
        List<String> devices = stage.of(run.fleet());
        run.context().progress().report(desired.address(), stage.name() + ": deploying to " + devices);
        String name = desired.address().name() + "-" + stage.name();
        String id = deploy(arn, name, run.components(), run.rollout(), run.rolloutSpec());
        Map<String, String> failures;
        try {
            failures = outcome(desired, id, devices, run.context());
        } catch (Polling.LeftWaiting interrupted) {
            throw new TargetException(desired.address() + ": interrupted while " + stage.name() + " rolled out ("
                    + id + "); Greengrass goes on with it, and the next apply deploys again from the start");
        }
        if (failures.isEmpty()) {
            return 0;
        }
        if (stage.canary()) {
            if (run.previous().isPresent()) {
                deploy(arn, name + "-rollback", run.previous().get().components(), run.rollout(), run.rolloutSpec());
                run.context().progress().report(desired.address(), "canary failed: previous versions redeployed to "
                        + devices);
            }
            throw new TargetException(failed(desired, id, failures, run.rollout()) + "; the canary failed, so the"
                    + " previous versions were redeployed to it and the rest of the fleet was not touched");
        }
        int failed = failedBefore + failures.size();
        String share = failed + " of " + stage.to() + " devices failed";
        if (run.rollout().stops(failed, stage.to())) {
            throw new TargetException(failed(desired, id, failures, run.rollout()) + "; the rollout stopped after "
                    + stage.name() + ": " + share + ", more than maxFailuresPercent " + run.rollout().maxFailures()
                    + "; not reached: " + run.fleet().subList(stage.to(), run.fleet().size()));
        }
        run.context().progress().report(desired.address(), stage.name() + ": " + share + ", within maxFailuresPercent "
                + run.rollout().maxFailures() + "; the rollout goes on: " + failures);
        return failures.size();
    }

    /** One apply's rollout: what every stage deploys, and to whom. */
    private record Run(Resource desired, List<String> fleet, Map<String, ComponentDeploymentSpecification> components,
                       Rollout rollout, Map<String, Object> rolloutSpec, Optional<GetDeploymentResponse> previous,
                       ApplyContext context) {}

    private String deploy(String targetArn, String name, Map<String, ComponentDeploymentSpecification> components,
                          Rollout rollout, Map<String, Object> rolloutSpec) {
        int timeoutMinutes = Optional.ofNullable(Attrs.integer(rolloutSpec, "timeoutMinutes")).orElse(30);
        return greengrass().createDeployment(b -> b.targetArn(targetArn).deploymentName("dda-" + name)
                .components(components)
                .deploymentPolicies(p -> p.failureHandlingPolicy(rollout.rollback()
                                ? DeploymentFailureHandlingPolicy.ROLLBACK : DeploymentFailureHandlingPolicy.DO_NOTHING)
                        .componentUpdatePolicy(u -> u.action("NOTIFY_COMPONENTS").timeoutInSeconds(60)))
                .iotJobConfiguration(j -> j
                        .jobExecutionsRolloutConfig(r -> r.maximumPerMinute(MAX_DEVICES_PER_MINUTE))
                        .abortConfig(a -> a.criteriaList(c -> c.failureType("FAILED").action("CANCEL")
                                .thresholdPercentage(rollout.maxFailuresPercent()).minNumberOfExecutedThings(1)))
                        .timeoutConfig(t -> t.inProgressTimeoutInMinutes((long) timeoutMinutes)))
                .tags(Map.of("dda-portal:managed", "true", "dda:pipeline", config().pipeline(),
                        DIGEST_TAG, fingerprint(components, rolloutSpec)))).deploymentId();
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource r = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return waitForDevices(r, started.jobRef(), Attrs.strings(context.outputsOf(fleet(r)), "devices"),
                Rollout.of(r.attributes().get("rollout")), context);
    }

    /**
     * Waits until every device reports the fleet-wide deployment. Failures beyond the rollout's share fail the
     * apply; within it, the apply is done and records the failed devices, so that the next plan deploys again.
     */
    private ApplyOutcome waitForDevices(Resource desired, String id, List<String> devices, Rollout rollout,
                                        ApplyContext context) throws TargetException {
        Map<String, String> failures;
        try {
            failures = outcome(desired, id, devices, context);
        } catch (Polling.LeftWaiting interrupted) {
            return new ApplyOutcome.Pending(id, Map.of("deploymentId", id));
        }
        if (rollout.stops(failures.size(), devices.size())) {
            throw new TargetException(failed(desired, id, failures, rollout) + "; more than maxFailuresPercent "
                    + rollout.maxFailures());
        }
        if (!failures.isEmpty()) {
            context.progress().report(desired.address(), failures.size() + " of " + devices.size() + " devices failed,"
                    + " within maxFailuresPercent " + rollout.maxFailures() + "; the next apply deploys to them again: "
                    + failures);
        }
        GreengrassV2Client gg = greengrass();
        int installed = 0;
        for (String device : devices) {
            installed += gg.listInstalledComponentsPaginator(b -> b.coreDeviceThingName(device))
                    .installedComponents().stream().mapToInt(c -> 1).sum();
        }
        return new ApplyOutcome.Done(outputs("deploymentId", id, "devices", devices.size(), "installedComponents",
                installed, FAILED_DEVICES, failures.isEmpty() ? null : failures));
    }

    private static String failed(Resource desired, String id, Map<String, String> failures, Rollout rollout) {
        return desired.address() + ": deployment " + id + " failed on " + failures.size() + " device(s) ("
                + (rollout.rollback() ? "Greengrass rolled them back" : "onFailure continue: left as they failed")
                + "): " + failures;
    }

    /**
     * Waits until every device has reported this deployment; the devices where it failed, with their reasons. Left
     * early ({@link Polling.LeftWaiting}) when the apply is interrupted.
     */
    private Map<String, String> outcome(Resource desired, String id, List<String> devices, ApplyContext context)
            throws TargetException {
        GreengrassV2Client gg = greengrass();
        return polling.until(() -> {
            Map<String, String> failed = new TreeMap<>();
            int pending = 0;
            for (String device : devices) {
                Optional<EffectiveDeployment> e = gg.listEffectiveDeploymentsPaginator(b -> b.coreDeviceThingName(device))
                        .effectiveDeployments().stream().filter(x -> id.equals(x.deploymentId())).findFirst();
                String s = e.map(EffectiveDeployment::coreDeviceExecutionStatusAsString).orElse("QUEUED");
                switch (s) {
                    case "SUCCEEDED", "COMPLETED" -> { }
                    case "FAILED", "TIMED_OUT", "REJECTED", "CANCELED" -> failed.put(device, s + ": "
                            + e.map(x -> x.reason() + (x.statusDetails() != null && x.statusDetails().hasErrorStack()
                            ? " " + x.statusDetails().errorStack() : "")).orElse(""));
                    default -> pending++;
                }
            }
            context.progress().report(desired.address(), "deployment " + id + ": " + (devices.size() - pending
                    - failed.size()) + " succeeded, " + failed.size() + " failed, " + pending + " in progress");
            return pending == 0 ? failed : null;
        }, context::interrupted);
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        Object id = prior.outputs().get("deploymentId");
        if (id != null) {
            try {
                greengrass().cancelDeployment(b -> b.deploymentId(String.valueOf(id)));
            } catch (SdkException e) {
                throw failure("greengrass:CancelDeployment " + id, e);
            }
        }
        // the canary's and waves' groups are dda's own: their deployments would keep the components on those devices
        Object group = context.outputsOf(Address.of("fleet", String.valueOf(prior.attributes().get("fleet"))))
                .get("thingGroup");
        if (group != null) {
            try {
                new StageGroups(clients.iot(config().greengrassAccount()), String.valueOf(group)).deleteAll();
            } catch (SdkException e) {
                throw failure("iot:DeleteThingGroup of the rollout stages of " + group, e);
            }
        }
    }
}
