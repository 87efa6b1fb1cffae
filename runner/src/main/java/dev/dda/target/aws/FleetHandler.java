package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateThingGroupRequest;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;

/**
 * {@code fleet.NAME}: an IoT thing group (tagged and marked {@code dda-portal:managed}) holding exactly the spec's
 * devices. Planning costs two calls whatever the fleet's size: the group, and one listing of its things (paged).
 */
final class FleetHandler extends AwsHandler {
    FleetHandler(AwsClients clients) {
        super(clients);
    }

    private String account(Resource r) {
        return Attrs.str(r.attributes(), "account", config().greengrassAccount());
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        String group = Attrs.required(desired.attributes(), "thingGroup", desired.address());
        IotClient iot = clients.iot(account(desired));
        DescribeThingGroupResponse d;
        try {
            d = iot.describeThingGroup(b -> b.thingGroupName(group));
        } catch (SdkException e) {
            if (status(e) == 404 || isCode(e, "ResourceNotFoundException")) {
                return Observation.absent();
            }
            throw failure("iot:DescribeThingGroup " + group, e);
        }
        try {
            return Observation.present(Map.of("thingGroup", group, "arn", d.thingGroupArn(),
                    "devices", List.copyOf(things(iot, group))));
        } catch (SdkException e) {
            throw failure("iot:ListThingsInThingGroup " + group, e);
        }
    }

    static TreeSet<String> things(IotClient iot, String group) {
        TreeSet<String> out = new TreeSet<>();
        iot.listThingsInThingGroupPaginator(b -> b.thingGroupName(group).maxResults(250)).things().forEach(out::add);
        return out;
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (!actual.exists()) {
            return change(desired, Action.CREATE, List.of("thing group " + desired.attributes().get("thingGroup")
                    + " with " + Attrs.list(desired.attributes(), "devices").size() + " device(s)"), prior, context);
        }
        TreeSet<String> want = new TreeSet<>(Attrs.strings(desired.attributes(), "devices"));
        TreeSet<String> have = new TreeSet<>(Attrs.strings(actual.attributes(), "devices"));
        List<String> reasons = new ArrayList<>();
        TreeSet<String> add = new TreeSet<>(want);
        add.removeAll(have);
        TreeSet<String> remove = new TreeSet<>(have);
        remove.removeAll(want);
        if (!add.isEmpty()) {
            reasons.add("devices: add " + summary(add));
        }
        if (!remove.isEmpty()) {
            reasons.add("devices: remove " + summary(remove));
        }
        Action action = !reasons.isEmpty() ? Action.UPDATE : prior.isPresent() ? Action.NOOP : Action.UPDATE;
        if (reasons.isEmpty() && prior.isEmpty()) {
            reasons.add("thing group exists with these devices; adopting it into state");
        }
        return change(desired, action, reasons, prior, context);
    }

    private static String summary(TreeSet<String> names) {
        return names.size() <= 5 ? String.join(", ", names) : names.size() + " (" + names.first() + " … " + names.last() + ")";
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        String group = Attrs.required(desired.attributes(), "thingGroup", desired.address());
        IotClient iot = clients.iot(account(desired));
        try {
            String arn = describeOrCreate(iot, group, b -> b
                    .thingGroupProperties(p -> p.thingGroupDescription("dda fleet " + desired.address().name())
                            .attributePayload(a -> a.attributes(Map.of("dda-portal:managed", "true",
                                    "dda:pipeline", config().pipeline()))))
                    .tags(t -> t.key("dda-portal:managed").value("true"),
                            t -> t.key("dda:pipeline").value(config().pipeline())));
            sync(iot, group, desired, context);
            return new ApplyOutcome.Done(outputs("thingGroup", group, "arn", arn,
                    "devices", Attrs.strings(desired.attributes(), "devices")));
        } catch (SdkException e) {
            throw failure("configuring thing group " + group, e);
        }
    }

    /** The ARN of thing group {@code group}, created with what {@code create} adds when it does not exist. */
    static String describeOrCreate(IotClient iot, String group,
                                   java.util.function.Consumer<CreateThingGroupRequest.Builder> create) {
        try {
            return iot.describeThingGroup(b -> b.thingGroupName(group)).thingGroupArn();
        } catch (SdkException e) {
            if (status(e) != 404 && !isCode(e, "ResourceNotFoundException")) {
                throw e;
            }
            return iot.createThingGroup(b -> create.accept(b.thingGroupName(group))).thingGroupArn();
        }
    }

    private void sync(IotClient iot, String group, Resource desired, ApplyContext context) throws TargetException {
        syncMembers(iot, group, Attrs.strings(desired.attributes(), "devices"), desired.address(), account(desired));
        context.progress().report(desired.address(), "thing group " + group + " in sync");
    }

    /**
     * Makes {@code group} hold exactly {@code devices}: the fleet's group, and its rollout's stage groups. A device
     * that is no IoT thing is refused in {@code owner}'s name.
     */
    static void syncMembers(IotClient iot, String group, List<String> devices, Address owner, String account)
            throws TargetException {
        TreeSet<String> have = things(iot, group);
        for (String device : devices) {
            if (have.remove(device)) {
                continue;
            }
            try {
                iot.addThingToThingGroup(b -> b.thingGroupName(group).thingName(device));
            } catch (SdkException e) {
                if (status(e) == 404 || isCode(e, "ResourceNotFoundException")) {
                    throw new TargetException(owner + ": device " + device + " is not an IoT thing in account "
                            + account + "; install Greengrass on it first (the installer creates the thing), then"
                            + " apply again");
                }
                throw e;
            }
        }
        for (String extra : have) {
            iot.removeThingFromThingGroup(b -> b.thingGroupName(group).thingName(extra));
        }
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        String group = Attrs.str(prior.attributes(), "thingGroup");
        try {
            clients.iot(Attrs.str(prior.attributes(), "account", config().greengrassAccount()))
                    .deleteThingGroup(b -> b.thingGroupName(group));
        } catch (SdkException e) {
            throw failure("iot:DeleteThingGroup " + group, e);
        }
    }
}
