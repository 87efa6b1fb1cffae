package dev.dda.target.local;

import dev.dda.edge.model.Folders;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import dev.dda.target.local.device.LocalDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code fleet.NAME} on the local target: each device of the fleet is a folder {@code ROOT/devices/DEVICE/} (the
 * stand-in for a provisioned Greengrass core device in the fleet's thing group). Removing a device from the fleet
 * stops what runs on it and removes its folder.
 *
 * <p>A device folder names the fleet that holds it ({@value #OWNER_FILE}), as a thing's group membership does: a
 * fleet renamed in the spec then finds its device held by the old name, plans to take it over, and does so after
 * the old fleet's delete has stopped what ran there, instead of adopting a folder that delete is about to remove.
 */
public final class FleetHandler implements ResourceHandler {
    static final String OWNER_FILE = ".fleet";
    private final Packaging packaging;

    public FleetHandler(Packaging packaging) {
        this.packaging = packaging;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context) {
        List<String> present = new ArrayList<>();
        for (String d : devices(desired.attributes())) {
            Path dir = packaging.devicesRoot().resolve(d);
            if (Files.isDirectory(dir) && !heldByAnother(dir, desired.address().name())) {
                present.add(d);
            }
        }
        if (present.isEmpty() && prior.isEmpty()) {
            return Observation.absent();
        }
        return Observation.present(Map.of("devices", present, "thingGroup",
                String.valueOf(desired.attributes().get("thingGroup"))));
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) {
        return Observation.present(prior.outputs());
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        TreeSet<String> want = new TreeSet<>(devices(desired.attributes()));
        TreeSet<String> have = new TreeSet<>(devices(actual.attributes()));
        TreeSet<String> before = prior.map(p -> new TreeSet<>(devices(p.outputs()))).orElse(new TreeSet<>());
        List<String> reasons = new ArrayList<>();
        for (String d : want) {
            Optional<String> other = heldBy(packaging.devicesRoot().resolve(d));
            if (!have.contains(d) && other.isPresent()) {
                reasons.add("take device " + d + " over from fleet." + other.get() + " once that fleet's changes"
                        + " in this plan are done");
            } else if (!have.contains(d)) {
                reasons.add("add device " + d + " (a local device folder under " + packaging.devicesRoot() + ")");
            }
        }
        for (String d : before) {
            if (!want.contains(d)) {
                reasons.add("remove device " + d + ": stops what runs on it");
            }
        }
        Action action = reasons.isEmpty() ? Action.NOOP : prior.isEmpty() ? Action.CREATE : Action.UPDATE;
        // before and after in the shape apply records, so that a view shows only the devices that change
        Map<String, Object> recorded = new LinkedHashMap<>(prior.map(ResourceState::outputs).orElse(Map.of()));
        recorded.keySet().retainAll(outputs(desired).keySet());
        return new Change(desired.address(), action, reasons, recorded, outputs(desired), desired.dependsOn(),
                context.digest(desired.address()));
    }

    private Map<String, Object> outputs(Resource desired) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices(desired.attributes()));
        out.put("thingGroup", String.valueOf(desired.attributes().get("thingGroup")));
        out.put("devicesRoot", packaging.devicesRoot().toString());
        return out;
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        List<String> want = devices(desired.attributes());
        try {
            for (String d : want) {
                Path dir = Files.createDirectories(packaging.device(d).dir());
                Files.writeString(dir.resolve(OWNER_FILE), desired.address().name());
            }
            for (Object d : devices(change.before())) {
                if (!want.contains(String.valueOf(d))) {
                    removeDevice(desired.address(), String.valueOf(d), context);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage(), e);
        }
        return new ApplyOutcome.Done(outputs(desired));
    }

    /** Stops and removes a device of {@code fleet}, unless another fleet has taken it over since. */
    private void removeDevice(Address fleet, String name, ApplyContext context) throws IOException {
        LocalDevice device = packaging.device(name);
        if (heldByAnother(device.dir(), fleet.name())) {
            return;
        }
        device.stopAll(line -> context.progress().report(fleet, line));
        Folders.deleteTree(device.dir());
    }

    /** Whether a device folder says a fleet other than {@code fleet} holds it. */
    static boolean heldByAnother(Path deviceDir, String fleet) {
        return heldBy(deviceDir).filter(f -> !f.equals(fleet)).isPresent();
    }

    /** The fleet a device folder says holds it; empty when none does (or the folder predates the record). */
    static Optional<String> heldBy(Path deviceDir) {
        try {
            Path owner = deviceDir.resolve(OWNER_FILE);
            return Files.isRegularFile(owner) ? Optional.of(Files.readString(owner).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        try {
            for (String d : devices(prior.outputs())) {
                removeDevice(prior.address(), d, context);
            }
        } catch (IOException e) {
            throw new TargetException(prior.address() + ": " + e.getMessage(), e);
        }
    }

    static List<String> devices(Map<String, Object> attributes) {
        List<String> out = new ArrayList<>();
        if (attributes.get("devices") instanceof List<?> l) {
            l.forEach(d -> out.add(String.valueOf(d)));
        }
        return out;
    }
}
