package dev.dda.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.json.Json;
import dev.dda.state.Lease;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.state.State;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dda status}: what the state records, which jobs are still running, who holds the lock. */
public final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "show the recorded state, running jobs and the lock holder";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        CliOptions.addFormat(o, "text or json");
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda status [-f FILE] [--format text|json]", summary(), console);
            return 0;
        }
        String format = CliOptions.format(cl, Set.of("text", "json"));
        try (Workspace ws = Workspace.open(CliOptions.specFile(cl), CliOptions.root(cl), console)) {
            Optional<State> state = ws.target.stateStore().load();
            Optional<Lease> lease = ws.target.lock().current();
            if (format.equals("json")) {
                console.out().println(Json.pretty(json(ws, state, lease)));
            } else {
                text(ws, state, lease, console.out());
            }
            return 0;
        }
    }

    private static ObjectNode json(Workspace ws, Optional<State> state, Optional<Lease> lease) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("pipeline", ws.spec.pipeline());
        root.put("target", ws.target.name());
        root.put("lineage", state.map(State::lineage).orElse(null));
        root.put("serial", state.map(State::serial).orElse(0L));
        ArrayNode resources = root.putArray("resources");
        state.ifPresent(s -> s.asMap().values().forEach(r -> {
            ObjectNode n = resources.addObject();
            n.put("address", r.address().toString());
            n.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            n.put("digest", r.digest());
            n.put("job_ref", r.jobRef());
            n.put("updated", r.updated() == null ? null : r.updated().toString());
            n.set("outputs", Json.mapper().valueToTree(RecordedDependencies.visibleOutputs(r)));
        }));
        root.set("lock", lease.<com.fasterxml.jackson.databind.JsonNode>map(l -> Json.mapper().valueToTree(l))
                .orElse(null));
        return root;
    }

    private static void text(Workspace ws, Optional<State> state, Optional<Lease> lease, PrintStream out) {
        out.println("Pipeline " + ws.spec.pipeline() + " on target " + ws.target.name());
        if (state.isEmpty()) {
            out.println("No state yet: nothing has been applied.");
        } else if (state.get().asMap().isEmpty()) {
            // a state that outlived a destroy: its lineage and serial still matter to saved plans
            out.println("State serial " + state.get().serial() + ", lineage " + state.get().lineage()
                    + ": no resources recorded (all destroyed, or none applied yet).");
        } else {
            State s = state.get();
            out.println("State serial " + s.serial() + ", lineage " + s.lineage() + ", " + s.asMap().size()
                    + (s.asMap().size() == 1 ? " resource" : " resources"));
            out.println();
            int width = s.asMap().keySet().stream().mapToInt(a -> a.toString().length()).max().orElse(7);
            String row = "  %-" + Math.max(7, width) + "s  %-8s  %-14s  %-20s  %s%n";
            out.printf(row, "ADDRESS", "STATUS", "DIGEST", "UPDATED", "JOB");
            for (ResourceState r : s.asMap().values()) {
                out.printf(row, r.address(), r.status().name().toLowerCase(java.util.Locale.ROOT),
                        shortDigest(r.digest()), r.updated() == null ? "" : r.updated().toString().substring(0, 19),
                        r.jobRef() == null ? "" : r.jobRef());
            }
            devices(s, out);
            List<ResourceState> running = s.asMap().values().stream()
                    .filter(r -> r.status() != ResourceState.Status.APPLIED && r.jobRef() != null).toList();
            if (!running.isEmpty()) {
                out.println();
                out.println("Jobs started and not yet recorded as finished (dda apply waits for them):");
                running.forEach(r -> out.println("  " + r.address() + ": " + r.jobRef()));
            }
        }
        out.println();
        out.println(lease.map(l -> "Locked by " + l.describe() + (l.expiredAt(Instant.now())
                ? "; the lease has EXPIRED: if that process is gone, run dda unlock" : ""))
                .orElse("Not locked."));
    }

    /**
     * Each device a deployment reached: its components as deployed, and its health asked live where the device
     * has a local endpoint (the recorded health may be stale: a service can die after apply).
     */
    private static void devices(State s, PrintStream out) {
        for (ResourceState r : s.asMap().values()) {
            if (!(RecordedDependencies.visibleOutputs(r).get("devices") instanceof Map<?, ?> devices)) {
                continue;
            }
            out.println();
            out.println("Devices of " + r.address() + ":");
            devices.forEach((name, value) -> {
                Map<?, ?> device = value instanceof Map<?, ?> m ? m : Map.of();
                // states from before the endpoint was recorded have the port only, on loopback
                String endpoint = device.get("endpoint") instanceof String e ? e
                        : device.get("port") instanceof Number port ? "http://127.0.0.1:" + port : null;
                String health = endpoint != null ? DeviceHealth.probe(endpoint) + " (asked now)"
                        : (device.get("health") == null ? "unknown" : String.valueOf(device.get("health"))) + " (at last apply)";
                out.println("  " + name + ": " + health);
                if (device.get("components") instanceof Map<?, ?> components) {
                    components.forEach((c, v) -> out.println("    " + c + " " + v));
                }
            });
        }
    }

    private static String shortDigest(String d) {
        return d == null ? "" : d.substring(0, Math.min(d.length(), 14));
    }
}
