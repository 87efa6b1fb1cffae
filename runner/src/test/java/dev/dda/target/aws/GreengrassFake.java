package dev.dda.target.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GreengrassV2's REST/JSON API ({@code /greengrass/v2/...}), which moto lacks: component versions (REQUESTED on
 * the first describe, then DEPLOYABLE), deployments, and core devices that "run" them: each device in the target
 * thing group (asked of moto's IoT) gets an effective deployment that succeeds, unless the test made that device
 * fail on a component version; installed components follow the last successful deployment.
 */
final class GreengrassFake extends JettyFake {
    private static final Pattern COMPONENT = Pattern.compile("/greengrass/v2/components/([^/]+)(/metadata)?");
    private static final Pattern DEPLOYMENT = Pattern.compile("/greengrass/v2/deployments/([^/]+)(?:/cancel)?");
    private static final Pattern DEVICE = Pattern.compile("/greengrass/v2/coreDevices/([^/]+)/(effectiveDeployments|installedComponents)");
    private final Function<String, List<String>> groupMembers;
    private final Map<String, ObjectNode> components = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> deployments = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> effective = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> installed = new ConcurrentHashMap<>();
    /** "device|component@version" that fails on that device. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, String> cores = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    GreengrassFake(Function<String, List<String>> groupMembers) throws Exception {
        this.groupMembers = groupMembers;
    }

    /** Deployments carrying {@code component} at {@code version} ({@code *}: any) fail on {@code device}. */
    void failOn(String device, String component, String version) {
        failing.add(device + "|" + component + "@" + version);
    }

    /** Registers a Greengrass core device (an IoT thing running the nucleus) and its architecture. */
    void core(String thing, String architecture) {
        cores.put(thing, architecture);
    }

    /** Later deployments succeed everywhere again. */
    void heal() {
        failing.clear();
    }

    /** The recipe text published for a component version, or null. */
    String recipe(String name, String version) {
        ObjectNode c = components.get("arn:aws:greengrass:us-east-1:" + AwsFixtures.USECASE + ":components:" + name
                + ":versions:" + version);
        return c == null ? null : new String(Base64.getDecoder().decode(c.get("recipe").asText()), StandardCharsets.UTF_8);
    }

    /** Component versions published, as NAME@VERSION. */
    List<String> published() {
        return components.values().stream().map(c -> c.get("componentName").asText() + "@"
                + c.get("componentVersion").asText()).sorted().toList();
    }

    ObjectNode deployment(String id) {
        return deployments.get(id);
    }

    List<ObjectNode> deploymentsTo(String targetArn) {
        return deployments.values().stream().filter(d -> d.get("targetArn").asText().equals(targetArn)).toList();
    }

    @Override
    String contentType() {
        return "application/json";
    }

    @Override
    String operation(Call call) {
        String p = call.path();
        if (p.endsWith("/createComponentVersion")) {
            return "CreateComponentVersion";
        }
        if (p.endsWith("/metadata")) {
            return "DescribeComponent";
        }
        if (p.startsWith("/greengrass/v2/components/")) {
            return call.method().equals("DELETE") ? "DeleteComponent" : "GetComponent";
        }
        if (p.equals("/greengrass/v2/deployments")) {
            return call.method().equals("POST") ? "CreateDeployment" : "ListDeployments";
        }
        if (p.startsWith("/greengrass/v2/deployments/")) {
            return p.endsWith("/cancel") ? "CancelDeployment" : "GetDeployment";
        }
        if (p.equals("/greengrass/v2/coreDevices")) {
            return "ListCoreDevices";
        }
        if (p.endsWith("/effectiveDeployments")) {
            return "ListEffectiveDeployments";
        }
        return p.endsWith("/installedComponents") ? "ListInstalledComponents" : "Unknown " + call.method() + " " + p;
    }

    static Reply error(int status, String type, String message) {
        return new Reply(status, "{\"message\":\"" + message + "\"}", Map.of("x-amzn-ErrorType", type));
    }

    @Override
    Reply handle(Call call) throws Exception {
        String op = operation(call);
        JsonNode body = call.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(call.body());
        switch (op) {
            case "CreateComponentVersion" -> {
                return createComponent(body);
            }
            case "DescribeComponent", "GetComponent", "DeleteComponent" -> {
                Matcher m = COMPONENT.matcher(call.path());
                m.matches();
                String arn = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                ObjectNode c = components.get(arn);
                if (c == null) {
                    return error(404, "ResourceNotFoundException", "component " + arn + " not found");
                }
                if (op.equals("DeleteComponent")) {
                    components.remove(arn);
                    return new Reply(204, "", Map.of());
                }
                if (op.equals("GetComponent")) {
                    return Reply.json(Map.of("recipeOutputFormat", "YAML", "recipe", c.get("recipe").asText()));
                }
                ObjectNode out = c.deepCopy();
                out.remove("recipe");
                String state = c.get("describes").asInt() == 0 ? "REQUESTED" : "DEPLOYABLE";
                c.put("describes", c.get("describes").asInt() + 1);
                out.remove("describes");
                out.putObject("status").put("componentState", state).put("message", "");
                return new Reply(200, out.toString(), Map.of());
            }
            case "CreateDeployment" -> {
                return createDeployment((ObjectNode) body);
            }
            case "ListDeployments" -> {
                String target = URLDecoder.decode(query(call, "targetArn"), StandardCharsets.UTF_8);
                ArrayNode list = JSON.createArrayNode();
                deploymentsTo(target).stream().max((a, b) -> Integer.compare(a.get("seq").asInt(), b.get("seq").asInt()))
                        .ifPresent(d -> list.addObject().put("deploymentId", d.get("deploymentId").asText())
                                .put("targetArn", target).put("deploymentStatus", "ACTIVE").put("isLatestForTarget", true));
                ObjectNode out = JSON.createObjectNode();
                out.set("deployments", list);
                return new Reply(200, out.toString(), Map.of());
            }
            case "GetDeployment", "CancelDeployment" -> {
                Matcher m = DEPLOYMENT.matcher(call.path());
                m.matches();
                ObjectNode d = deployments.get(m.group(1));
                if (d == null) {
                    return error(404, "ResourceNotFoundException", "no deployment");
                }
                if (op.equals("CancelDeployment")) {
                    d.put("canceled", true);
                    return Reply.json(Map.of("message", "canceled"));
                }
                return new Reply(200, d.deepCopy().put("deploymentStatus", d.has("canceled") ? "CANCELED" : "ACTIVE")
                        .toString(), Map.of());
            }
            case "ListCoreDevices" -> {
                // as Greengrass documents it: filtered by a thing group, only the devices that have deployed a
                // deployment to that group (and still do after leaving it); unfiltered, every core device
                String group = query(call, "thingGroupArn");
                String target = group.isEmpty() ? null : URLDecoder.decode(group, StandardCharsets.UTF_8);
                ArrayNode list = JSON.createArrayNode();
                cores.forEach((d, arch) -> {
                    if (target == null || effective.getOrDefault(d, List.of()).stream().anyMatch(e -> target.equals(
                            e.get("targetArn").asText()) && "SUCCEEDED".equals(e.get("coreDeviceExecutionStatus").asText()))) {
                        list.addObject().put("coreDeviceThingName", d).put("status", "HEALTHY")
                                .put("platform", "linux").put("architecture", arch);
                    }
                });
                ObjectNode out = JSON.createObjectNode();
                out.set("coreDevices", list);
                return new Reply(200, out.toString(), Map.of());
            }
            case "ListEffectiveDeployments", "ListInstalledComponents" -> {
                Matcher m = DEVICE.matcher(call.path());
                m.matches();
                ObjectNode out = JSON.createObjectNode();
                if (op.equals("ListEffectiveDeployments")) {
                    ArrayNode a = out.putArray("effectiveDeployments");
                    effective.getOrDefault(m.group(1), List.of()).forEach(a::add);
                } else {
                    ArrayNode a = out.putArray("installedComponents");
                    JsonNode comps = installed.get(m.group(1));
                    if (comps != null) {
                        comps.fields().forEachRemaining(e -> a.addObject().put("componentName", e.getKey())
                                .put("componentVersion", e.getValue().get("componentVersion").asText())
                                .put("lifecycleState", "RUNNING"));
                    }
                }
                return new Reply(200, out.toString(), Map.of());
            }
            default -> {
                return error(404, "ResourceNotFoundException", "the fake has no " + op);
            }
        }
    }

    private static String query(Call call, String name) {
        for (String kv : String.valueOf(call.query()).split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return "";
    }

    private Reply createComponent(JsonNode body) throws Exception {
        String recipe = new String(Base64.getDecoder().decode(body.get("inlineRecipe").asText()), StandardCharsets.UTF_8);
        Map<?, ?> tree = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(recipe) instanceof Map<?, ?> m ? m : Map.of();
        String name = String.valueOf(tree.get("ComponentName"));
        String version = String.valueOf(tree.get("ComponentVersion"));
        String arn = "arn:aws:greengrass:us-east-1:" + AwsFixtures.USECASE + ":components:" + name + ":versions:" + version;
        if (components.containsKey(arn)) {
            return error(409, "ConflictException", "component version " + arn + " already exists");
        }
        ObjectNode c = JSON.createObjectNode().put("arn", arn).put("componentName", name).put("componentVersion", version)
                .put("creationTimestamp", 1.7e9).put("publisher", "dda").put("recipe",
                        Base64.getEncoder().encodeToString(recipe.getBytes(StandardCharsets.UTF_8))).put("describes", 0);
        components.put(arn, c);
        ObjectNode out = c.deepCopy();
        out.remove("recipe");
        out.remove("describes");
        out.putObject("status").put("componentState", "REQUESTED");
        return new Reply(201, out.toString(), Map.of());
    }

    /** Every device of the target group runs the deployment at once: it succeeds unless told to fail. */
    private Reply createDeployment(ObjectNode body) {
        String id = "dep-" + ids.incrementAndGet();
        body.put("deploymentId", id).put("seq", ids.get()).put("creationTimestamp", 1.7e9);
        deployments.put(id, body);
        String target = body.get("targetArn").asText();
        for (String device : groupMembers.apply(target.substring(target.indexOf("thinggroup/") + "thinggroup/".length()))) {
            List<String> broken = new ArrayList<>();
            body.get("components").fields().forEachRemaining(e -> {
                if (failing.contains(device + "|" + e.getKey() + "@" + e.getValue().get("componentVersion").asText())
                        || failing.contains(device + "|" + e.getKey() + "@*")) {
                    broken.add(e.getKey());
                }
            });
            ObjectNode eff = JSON.createObjectNode().put("deploymentId", id).put("deploymentName",
                    body.path("deploymentName").asText()).put("targetArn", target)
                    .put("coreDeviceExecutionStatus", broken.isEmpty() ? "SUCCEEDED" : "FAILED")
                    .put("creationTimestamp", 1.7e9).put("modifiedTimestamp", 1.7e9)
                    .put("reason", broken.isEmpty() ? "" : "component " + broken + " failed its Startup health gate");
            effective.computeIfAbsent(device, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(eff);
            if (broken.isEmpty()) {
                installed.put(device, body.get("components"));
            }
        }
        return Reply.json(Map.of("deploymentId", id, "iotJobId", "job-" + id));
    }
}
