package dev.dda.view.markdown;

import dev.dda.diff.Values;
import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Annotations;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PolicyCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes a reviewer must not miss, as Markdown bullet texts: deletions, replacements, access that broadens
 * (bucket grants, public access), rollouts to devices, gates that fail, and jobs above the cost policy.
 */
public final class Dangers {
    private Dangers() {}

    public static List<String> find(Plan plan, Annotations annotations, Map<Address, List<Gate>> gates) {
        List<String> out = new ArrayList<>();
        for (Change c : plan.changes()) {
            if (c.action() == Action.DELETE) {
                out.add(Md.code(c.address().toString()) + " will be **deleted**" + because(c));
            } else if (c.action() == Action.REPLACE) {
                out.add(Md.code(c.address().toString()) + " will be **replaced**" + because(c));
            }
            broadening(c).forEach(out::add);
            if (c.kind().equals("deployment") && c.action().changes() && c.action() != Action.DELETE
                    && c.action() != Action.WAIT) {
                out.add(rollout(c, plan));
            }
        }
        gates.forEach((address, list) -> list.stream().filter(Gate::fails).forEach(g -> out.add(
                "gate " + Md.code(g.condition()) + " **fails** for " + Md.code(address.toString()) + ": "
                        + g.metric() + " is " + Values.render(g.value()) + "; nothing downstream deploys")));
        for (PolicyCheck p : annotations.failures()) {
            out.add("**policy** " + Md.code(p.policy()) + ": " + Md.text(p.message()));
        }
        return out;
    }

    private static String because(Change c) {
        return c.reasons().isEmpty() ? "" : ": " + Md.text(String.join("; ", c.reasons()));
    }

    /** New (role, access) grants on an existing bucket, or its public-access block turned off. */
    static List<String> broadening(Change c) {
        List<String> out = new ArrayList<>();
        if (!c.kind().equals("bucket") || c.action() == Action.DELETE || !c.action().changes()) {
            return out;
        }
        if (Boolean.FALSE.equals(Sides.after(c).get("publicAccessBlock"))
                && !Boolean.FALSE.equals(Sides.before(c).get("publicAccessBlock"))) {
            out.add(Md.code(c.address().toString()) + " **turns off its public-access block**: the bucket may become public");
        }
        if (c.action() == Action.CREATE) {
            return out; // a new bucket's grants are new access, not broadened access: they show in its details
        }
        Set<String> added = grants(Sides.after(c).get("grants"));
        added.removeAll(grants(Sides.before(c).get("grants")));
        if (!added.isEmpty()) {
            out.add("access to " + Md.code(c.address().toString()) + " **broadens**: " + Md.text(String.join(", ", added)));
        }
        return out;
    }

    private static Set<String> grants(Object list) {
        Set<String> out = new LinkedHashSet<>();
        if (list instanceof List<?> l) {
            for (Object g : l) {
                if (g instanceof Map<?, ?> m) {
                    out.add(m.get("access") + " for " + m.get("role"));
                }
            }
        }
        return out;
    }

    private static String rollout(Change deployment, Plan plan) {
        String fleet = String.valueOf(Sides.after(deployment).get("fleet"));
        Map<String, Object> fleetAttrs = plan.changes().stream()
                .filter(c -> c.address().equals(Address.of("fleet", fleet))).map(Sides::after).findFirst()
                .orElse(Map.of());
        StringBuilder s = new StringBuilder(Md.code(deployment.address().toString())).append(" **rolls out**");
        Object components = Sides.after(deployment).get("components");
        if (components != null) {
            s.append(' ').append(Md.code(Values.render(components)));
        }
        if (fleetAttrs.get("thingGroup") != null) {
            s.append(" to thing group ").append(Md.code(String.valueOf(fleetAttrs.get("thingGroup"))));
        }
        if (fleetAttrs.get("devices") instanceof List<?> devices) {
            s.append(" (").append(devices.size()).append(devices.size() == 1 ? " device" : " devices").append(')');
        }
        if (Sides.after(deployment).get("rollout") != null) {
            s.append("; rollout ").append(Md.code(Values.render(Sides.after(deployment).get("rollout"))));
        }
        return s.toString();
    }
}
