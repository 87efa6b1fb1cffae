package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.CompileTarget;
import dev.dda.render.EdgeServiceRecipe;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Rollout;
import dev.dda.target.TargetException;
import dev.dda.target.local.device.LocalDevice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code deployment.FLEET} on the local target: installs the edge service and the fleet's model components on each
 * device of the fleet by running their recipes' lifecycle ({@link LocalDevice}), with the fleet's edge settings
 * merged into the edge service's configuration. The model variant deployed is the one for this machine's platform.
 * Devices of one fleet share this machine, so device i listens on {@code edge.port + i}. Health is the edge
 * service's {@code /v2/health/ready}. A failed deployment rolls the device back ({@code onFailure: rollback}) or
 * leaves it as it failed ({@code continue}, Greengrass's DO_NOTHING), and fails with the step's message; the
 * fleet's rollout (canary, waves, maxFailuresPercent; see {@link Rollout}) decides whether the others go on.
 * Devices here are deployed one at a time and the failure share is checked after each, so a wave's end adds no
 * check that has not been made; progress names the stages.
 */
public final class DeploymentHandler implements ResourceHandler {
    private static final String DEFAULT_THREADS = "default";
    private static final String LOOPBACK = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Packaging packaging;

    public DeploymentHandler(Packaging packaging) {
        this.packaging = packaging;
    }

    /**
     * The component versions each device should run: while planning, what the component handlers planned; while
     * applying, what they published in this run (their outputs).
     */
    private Map<String, String> desiredComponents(Resource desired, PlanContext context, boolean planning)
            throws TargetException {
        Map<String, String> want = new TreeMap<>();
        want.putAll(versions(Address.of("component", EdgeServiceRecipe.DEFAULT_NAME), context, planning));
        CompileTarget host = CompileTarget.host();
        for (String component : components(desired)) {
            Map<String, String> v = versions(Address.of("component", component), context, planning);
            String variant = component + "-" + host.id();
            if (!v.isEmpty() && !v.containsKey(variant)) {
                throw new TargetException(desired.address() + ": component " + component + " has no variant for this "
                        + "machine (" + host.id() + "); add " + host.id() + " to the compile targets of its training");
            }
            if (v.containsKey(variant)) {
                want.put(variant, v.get(variant));
            }
        }
        return want;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> versions(Address component, PlanContext context, boolean planning) {
        Map<String, String> out = new TreeMap<>();
        if (planning) {
            packaging.planned(component).forEach((k, v) -> {
                if (!k.startsWith("@")) {
                    out.put(k, v);
                }
            });
        }
        if (out.isEmpty() && context.outputsOf(component).get("versions") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> devices = new TreeMap<>();
        List<String> names = devices(desired, context, prior);
        for (int i = 0; i < names.size(); i++) {
            devices.put(names.get(i), observeDevice(names.get(i), probeHost(desired.attributes()), port(desired) + i,
                    fleet(desired)));
        }
        boolean any = devices.values().stream().anyMatch(d -> !((Map<?, ?>) d).get("components").equals(Map.of()));
        return any ? Observation.present(Map.of("devices", devices)) : Observation.absent();
    }

    /**
     * What runs on a device of {@code fleet}. On a device another fleet still holds (the spec renamed the fleet),
     * what runs is that fleet's deployment, which its delete stops: nothing of this deployment's is there yet.
     */
    private Map<String, Object> observeDevice(String name, String host, int port, String fleet)
            throws TargetException {
        Map<String, Object> d = new LinkedHashMap<>();
        try {
            Map<String, Object> components = new TreeMap<>();
            LocalDevice device = packaging.device(name);
            if (!FleetHandler.heldByAnother(device.dir(), fleet)) {
                device.installed().forEach((c, i) -> components.put(c, i.version()
                        + (i.state().equals("RUNNING") ? "" : " (" + i.state() + ")")));
            }
            d.put("components", components);
        } catch (IOException e) {
            throw new TargetException("cannot read device " + name + ": " + e.getMessage(), e);
        }
        d.put("port", port);
        d.put("endpoint", url(host, port));
        d.put("health", health(host, port));
        return d;
    }

    /** "ready", or why not: the HTTP status or "down". */
    static String health(String host, int port) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(host, port)
                    + "/v2/health/ready")).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? "ready" : "HTTP " + r.statusCode();
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) {
        return Observation.present(prior.outputs());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        List<String> reasons = new ArrayList<>();
        Map<String, String> wanted;
        try {
            wanted = desiredComponents(desired, context, true);
        } catch (TargetException e) {
            reasons.add(e.getMessage());
            wanted = Map.of();
        }
        Map<String, String> want = wanted;
        for (String component : components(desired)) {
            String model = packaging.planned(Address.of("component", component)).get("@model");
            if (model != null) {
                CompileHandler.blockedBy(model, context).ifPresent(reasons::add);
            }
        }
        Map<String, Object> seen = actual.attributes().get("devices") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        List<String> names = devices(desired, context, prior);
        if (names.isEmpty()) {
            reasons.add("devices of fleet." + desired.attributes().get("fleet") + " are known after apply");
        }
        // the service is looked for on the new port, where it cannot be yet: say why it moves, not that it is down
        Optional<Integer> movedFrom = Changes.wasApplied(prior)
                ? prior.map(p -> port(p.attributes())).filter(p -> p != port(desired)) : Optional.empty();
        Optional<String> settings = Changes.wasApplied(prior)
                ? settingsChange(prior.get().attributes(), desired.attributes()) : Optional.empty();
        for (int i = 0; i < names.size(); i++) {
            String device = names.get(i);
            Map<String, Object> d = seen.get(device) instanceof Map<?, ?> dm ? (Map<String, Object>) dm : Map.of();
            Map<String, Object> running = d.get("components") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
            for (Map.Entry<String, String> w : want.entrySet()) {
                Object have = running.get(w.getKey());
                if (have == null) {
                    reasons.add("install component." + w.getKey() + " " + w.getValue() + " on " + device);
                } else if (!have.equals(w.getValue())) {
                    reasons.add("redeploy: component." + w.getKey() + " " + have + " → " + w.getValue() + " on " + device);
                }
            }
            running.keySet().stream().filter(c -> !want.containsKey(c))
                    .forEach(c -> reasons.add("remove component." + c + " from " + device));
            Object health = d.get("health");
            if (movedFrom.isPresent() && !running.isEmpty()) {
                reasons.add("edge service on " + device + " moves from port " + (movedFrom.get() + i) + " to "
                        + (port(desired) + i) + ": redeploy restarts it there");
            } else if (!running.isEmpty() && settings.isPresent()) {
                reasons.add("edge service on " + device + ": " + settings.get() + ": redeploy restarts it");
            } else if (!running.isEmpty() && !"ready".equals(health)) {
                reasons.add("edge service on " + device + " is not ready (" + health + "): redeploy restarts it");
            }
        }
        Action action = reasons.isEmpty() ? Action.NOOP : actual.exists() ? Action.UPDATE : Action.CREATE;
        if (action.changes()) {
            Rollout.of(desired.attributes().get("rollout")).describe(names).ifPresent(reasons::add);
        }
        Map<String, Object> after = new TreeMap<>(desired.attributes());
        after.put("components", want);
        Map<String, Object> before = new TreeMap<>();
        if (prior.isPresent()) {
            before.putAll(prior.get().attributes());
            before.remove("dda:dependsOn");
            names.stream().findFirst().map(seen::get).filter(Map.class::isInstance)
                    .map(d -> ((Map<String, Object>) d).get("components")).ifPresent(c -> before.put("components", c));
        }
        return new Change(desired.address(), action, reasons, before, after, desired.dependsOn(),
                context.digest(desired.address()));
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Map<String, String> want = desiredComponents(desired, context, false);
        for (String component : components(desired)) {
            if (!want.containsKey(component + "-" + CompileTarget.host().id())) {
                throw new TargetException(desired.address() + ": component." + component + " is not published; "
                        + "apply it first");
            }
        }
        List<String> names = devices(desired, context, Optional.empty());
        Walk walk = new Walk(desired, names, want, Rollout.of(desired.attributes().get("rollout")), context);
        List<Rollout.Stage> stages = walk.rollout.stages(names.size());
        for (Rollout.Stage stage : stages) {
            if (stages.size() > 1) {
                context.progress().report(desired.address(), stage.name() + ": " + stage.of(names));
            }
            for (int i = stage.from(); i < stage.to(); i++) {
                walk.deploy(stage, i);
            }
        }
        if (!walk.failures.isEmpty()) {
            context.progress().report(desired.address(), walk.failures.size() + " of " + names.size() + " devices"
                    + " failed, within maxFailuresPercent " + walk.rollout.maxFailures() + "; they "
                    + (walk.rollout.rollback() ? "keep their previous versions" : "are left as they failed")
                    + " and the next apply tries them again: " + String.join("; ", walk.failures));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", walk.deployed);
        for (int i = 0; i < names.size(); i++) {
            if (walk.deployed.containsKey(names.get(i))) {
                out.put("endpoint", url(probeHost(desired.attributes()), port(desired) + i));
                break;
            }
        }
        return new ApplyOutcome.Done(out);
    }

    /** One apply's way through the fleet: what each device had before, where it went, what failed. */
    private final class Walk {
        private final Resource desired;
        private final List<String> names;
        private final Map<String, String> want;
        private final Rollout rollout;
        private final ApplyContext context;
        private final Map<String, Object> deployed = new TreeMap<>();
        private final Map<String, Map<String, LocalDevice.Installed>> before = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();

        Walk(Resource desired, List<String> names, Map<String, String> want, Rollout rollout, ApplyContext context) {
            this.desired = desired;
            this.names = names;
            this.want = want;
            this.rollout = rollout;
            this.context = context;
        }

        /** Deploys device {@code i}; a failure in the canary, or beyond the rollout's share, stops the rollout. */
        void deploy(Rollout.Stage stage, int i) throws TargetException {
            String name = names.get(i);
            int port = port(desired) + i;
            Optional<String> failure = deployDevice(desired, name, port, want, before, rollout.rollback(), context);
            if (failure.isEmpty()) {
                deployed.put(name, observeDevice(name, probeHost(desired.attributes()), port, fleet(desired)));
                return;
            }
            failures.add(failure.get());
            if (stage.canary()) {
                throw new TargetException(failure.get() + (rollout.rollback()
                        ? canaryRolledBack(desired, names.subList(0, i), before, context)
                        : "; the canary failed, so the rollout stopped; onFailure: continue left the canary as it"
                        + " failed"));
            }
            if (rollout.stops(failures.size(), i + 1)) {
                throw new TargetException(String.join("; ", failures) + stopped(rollout, failures.size(), i + 1,
                        names.subList(i + 1, names.size())));
            }
        }
    }

    /** Deploys one device; the reason it failed (rolled back, or left as it failed), or empty. */
    private Optional<String> deployDevice(Resource desired, String name, int port, Map<String, String> want,
                                          Map<String, Map<String, LocalDevice.Installed>> before, boolean rollBack,
                                          ApplyContext context) throws TargetException {
        LocalDevice device = packaging.device(name);
        String host = probeHost(desired.attributes());
        LocalDevice.Result r;
        try {
            before.put(name, device.installed());
            // the plan's "not ready: redeploy restarts it" is kept even when every version is already in place
            Set<String> restart = before.get(name).containsKey(EdgeServiceRecipe.DEFAULT_NAME)
                    && !"ready".equals(health(host, port)) ? Set.of(EdgeServiceRecipe.DEFAULT_NAME) : Set.of();
            r = device.deploy(want, Map.of(EdgeServiceRecipe.DEFAULT_NAME, edgeConfiguration(desired, port)),
                    rollBack, restart, line -> context.progress().report(desired.address(), line));
        } catch (IOException | IllegalArgumentException e) {
            throw new TargetException(desired.address() + ": deploying to " + name + " failed: " + e.getMessage(), e);
        }
        if (!r.succeeded()) {
            return Optional.of(desired.address() + ": deployment to " + name + " failed: " + r.message() + ". Logs: "
                    + device.dir().resolve("logs"));
        }
        context.progress().report(desired.address(), name + ": serving on " + url(host, port)
                + " (POST /predict), health " + health(host, port));
        return Optional.empty();
    }

    /** Puts the canary devices that took the new versions back on what they ran before; says so. */
    private String canaryRolledBack(Resource desired, List<String> deployed,
                                    Map<String, Map<String, LocalDevice.Installed>> before, ApplyContext context)
            throws TargetException {
        for (String name : deployed) {
            Map<String, String> versions = new TreeMap<>();
            Map<String, Map<String, Object>> configs = new TreeMap<>();
            before.get(name).forEach((c, installed) -> {
                versions.put(c, installed.version());
                configs.put(c, installed.configuration());
            });
            try {
                packaging.device(name).deploy(versions, configs,
                        line -> context.progress().report(desired.address(), line));
            } catch (IOException | IllegalArgumentException e) {
                throw new TargetException(desired.address() + ": the canary failed, and putting " + name + " back on"
                        + " its previous versions failed too: " + e.getMessage(), e);
            }
        }
        return "; the canary failed, so the rollout stopped" + (deployed.isEmpty() ? ""
                : " and the previous versions were redeployed to " + deployed);
    }

    private static String stopped(Rollout rollout, int failed, int attempted, List<String> notReached) {
        return "; the rollout stopped: " + failed + " of " + attempted + " devices failed, more than maxFailuresPercent "
                + rollout.maxFailures() + (notReached.isEmpty() ? "" : "; not reached: " + notReached);
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        // every device of the fleet: one that failed is not among the deployed, yet may run its previous
        // versions (rolled back) or part of the new ones (onFailure: continue)
        java.util.Set<String> devices = new java.util.TreeSet<>();
        if (prior.outputs().get("devices") instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> devices.add(String.valueOf(k)));
        }
        devices.addAll(FleetHandler.devices(context.outputsOf(Address.of("fleet",
                String.valueOf(prior.attributes().get("fleet"))))));
        for (String name : devices) {
            try {
                packaging.device(name).stopAll(line -> context.progress().report(prior.address(), line));
            } catch (IOException e) {
                throw new TargetException(prior.address() + ": cannot stop " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<String> components(Resource desired) {
        List<String> out = new ArrayList<>();
        if (desired.attributes().get("components") instanceof List<?> l) {
            l.forEach(c -> out.add(String.valueOf(c)));
        }
        return out;
    }

    /**
     * The fleet's devices as the spec gives them, else as applied, else as this deployment last saw them. The spec
     * comes first: a local device gets nothing unless a deployment installs on it, so a device added to the fleet
     * must be planned for in the same run, not in the one after the fleet's update is recorded.
     */
    private static List<String> devices(Resource desired, PlanContext context, Optional<ResourceState> prior) {
        Address fleet = Address.of("fleet", fleet(desired));
        List<String> out = new ArrayList<>(context.desiredAttributes(fleet).map(FleetHandler::devices)
                .orElse(List.of()));
        if (out.isEmpty()) {
            out.addAll(FleetHandler.devices(context.outputsOf(fleet)));
        }
        if (out.isEmpty() && prior.isPresent() && prior.get().outputs().get("devices") instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        return out.stream().sorted().toList();
    }

    private static String fleet(Resource desired) {
        return String.valueOf(desired.attributes().get("fleet"));
    }

    /**
     * The edge service's configuration on a local device: the fleet's port (plus the device's index), its host
     * (loopback unless the fleet says otherwise: 0.0.0.0 lets cameras on the network call it), and its worker
     * count when it sets one.
     */
    private static Map<String, Object> edgeConfiguration(Resource desired, int port) {
        Edge edge = Edge.of(desired.attributes());
        Map<String, Object> c = new LinkedHashMap<>(EdgeServiceRecipe.configuration(edge.spec()));
        c.put("Port", port);
        c.put("Host", edge.host());
        return c;
    }

    /** What differs in the edge settings a redeploy restarts the service for (the port has its own reason). */
    private static Optional<String> settingsChange(Map<String, Object> before, Map<String, Object> after) {
        Edge was = Edge.of(before);
        Edge now = Edge.of(after);
        List<String> changed = new ArrayList<>();
        if (!was.host().equals(now.host())) {
            changed.add("host " + was.host() + " → " + now.host());
        }
        if (!was.workers().equals(now.workers())) {
            changed.add("workers " + was.workers() + " → " + now.workers());
        }
        return changed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changed));
    }

    private static String probeHost(Map<String, Object> attributes) {
        return Edge.of(attributes).probeHost();
    }

    private static String url(String host, int port) {
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static int port(Resource desired) {
        return port(desired.attributes());
    }

    private static int port(Map<String, Object> attributes) {
        return Edge.of(attributes).port();
    }

    /**
     * A fleet's {@code edge} settings (as the spec gives them, in {@code spec}) with this target's defaults: the
     * edge service's port, loopback, and the service's own worker count.
     */
    private record Edge(Map<String, Object> spec, int port, String host, String workers) {
        @SuppressWarnings("unchecked")
        static Edge of(Map<String, Object> attributes) {
            Map<String, Object> e = attributes.get("edge") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            return new Edge(e, e.get("port") instanceof Number n ? n.intValue() : Packaging.DEFAULT_EDGE_PORT,
                    e.get("host") instanceof String h ? h : LOOPBACK,
                    e.get("threads") instanceof Number t ? String.valueOf(t.intValue()) : DEFAULT_THREADS);
        }

        /** Where this machine reaches the service: a wildcard bind answers on loopback. */
        String probeHost() {
            return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? LOOPBACK : host;
        }
    }
}
