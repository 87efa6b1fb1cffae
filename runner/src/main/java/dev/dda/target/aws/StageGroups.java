package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.target.Rollout;
import dev.dda.target.TargetException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;

/**
 * The thing groups of a fleet's rollout stages before the fleet-wide one: {@code GROUP-canary} and
 * {@code GROUP-wave-N}, each holding exactly the devices of its stage. A Greengrass deployment targets a thing
 * group, and a device keeps what every group it is in deploys to it, so a group whose stage is gone (the spec
 * dropped its canary or changed its waves) is emptied: its devices then follow the fleet's deployment alone.
 * Destroying the deployment deletes them all.
 */
final class StageGroups {
    private final IotClient iot;
    private final String fleetGroup;
    private final Pattern stageName;

    StageGroups(IotClient iot, String fleetGroup) {
        this.iot = iot;
        this.fleetGroup = fleetGroup;
        this.stageName = Pattern.compile(Pattern.quote(fleetGroup) + "-(canary|wave-\\d+)");
    }

    /**
     * The stage's group, created if need be, with exactly {@code devices} in it; its ARN. {@code owner} and
     * {@code account} name a device that is no IoT thing.
     */
    String sync(String stage, List<String> devices, Address owner, String account) throws TargetException {
        String name = fleetGroup + "-" + stage;
        String arn = FleetHandler.describeOrCreate(iot, name, b -> b.tags(t -> t.key("dda-portal:managed")
                .value("true")));
        FleetHandler.syncMembers(iot, name, devices, owner, account);
        return arn;
    }

    /** Empties the stage groups of this fleet that none of {@code stages} uses. */
    void retireAllBut(List<Rollout.Stage> stages) {
        Set<String> used = stages.stream().map(s -> fleetGroup + "-" + s.name()).collect(Collectors.toSet());
        for (String group : existing()) {
            if (used.contains(group)) {
                continue;
            }
            FleetHandler.things(iot, group).forEach(d -> iot.removeThingFromThingGroup(b -> b.thingGroupName(group)
                    .thingName(d)));
        }
    }

    /** Deletes every stage group of this fleet: the deployment is being destroyed. */
    void deleteAll() {
        existing().forEach(group -> iot.deleteThingGroup(b -> b.thingGroupName(group)));
    }

    private TreeSet<String> existing() {
        TreeSet<String> out = new TreeSet<>();
        iot.listThingGroupsPaginator(b -> b.namePrefixFilter(fleetGroup + "-")).thingGroups().stream()
                .map(GroupNameAndArn::groupName).filter(n -> stageName.matcher(n).matches()).forEach(out::add);
        return out;
    }
}
