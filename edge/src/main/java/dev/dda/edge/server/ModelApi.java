package dev.dda.edge.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.model.ModelRepository;
import dev.dda.edge.runtime.LoadedModel;
import dev.dda.edge.runtime.ModelRegistry;
import dev.dda.edge.runtime.ModelState;
import dev.dda.edge.runtime.ModelStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open Inference Protocol health, server and model metadata, and the model-repository extension (Triton's shape). */
final class ModelApi {
    static final String SERVER_NAME = "dda-edge";
    static final String SERVER_VERSION = "0.1.0";
    private static final int RETRY_SECONDS = 5;
    /** A day: longer than any update takes, short enough that a typo cannot keep a model for good. */
    static final long MAX_UNLOAD_DELAY_SECONDS = 86_400;

    private final ModelRegistry registry;

    ModelApi(ModelRegistry registry) {
        this.registry = registry;
    }

    Reply server() {
        return Reply.json(200, Json.object("name", SERVER_NAME, "version", SERVER_VERSION,
                "extensions", List.of("model_repository", "raw_image_input")));
    }

    Reply live() {
        return Reply.json(200, Map.of("live", true));
    }

    Reply ready() {
        if (registry.ready()) {
            return Reply.json(200, Map.of("ready", true));
        }
        return Reply.json(503, Json.object("ready", false, "models", registry.statuses()))
                .withHeader("Retry-After", String.valueOf(RETRY_SECONDS));
    }

    Reply modelReady(String name, String version) throws HttpError {
        ModelStatus s = status(name);
        boolean ready = s.state() == ModelState.READY && (version == null || version.equals(s.servingVersion()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("ready", ready);
        body.put("model", s);
        Reply r = Reply.json(ready ? 200 : 503, body);
        return ready ? r : r.withHeader("Retry-After", String.valueOf(RETRY_SECONDS));
    }

    Reply metadata(String name, String version) throws HttpError {
        ModelStatus s = status(name);
        LoadedModel m = registry.peek(name);
        if (m == null) {
            throw new HttpError(503, "model " + name + " is not loaded", Map.of("model", s), RETRY_SECONDS);
        }
        ModelManifest man = m.manifest();
        if (version != null && !version.equals(man.version())) {
            throw new HttpError(404, "model " + name + " serves version " + man.version() + ", not " + version);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", man.name());
        out.put("versions", List.of(man.version()));
        out.put("platform", "tensorflow_savedmodel");
        out.put("inputs", List.of(Json.object("name", man.inputName(), "datatype", "FP32",
                "shape", List.of(-1, man.input().height(), man.input().width(), man.input().channels()))));
        List<Map<String, Object>> outputs = new ArrayList<>();
        outputs.add(Json.object("name", man.scoreOutput(), "datatype", "FP32", "shape", List.of(-1)));
        long[] hm = m.heatmapShape();
        if (man.heatmapOutput() != null && hm != null) {
            outputs.add(Json.object("name", man.heatmapOutput(), "datatype", "FP32",
                    "shape", List.of(-1, hm[0], hm[1])));
        }
        out.put("outputs", outputs);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("anomaly_threshold", man.anomalyThreshold());
        params.put("labels", man.labels());
        params.put("input", man.input());
        if (man.metrics() != null) {
            params.put("metrics", man.metrics());
        }
        out.put("parameters", params);
        return Reply.json(200, out);
    }

    Reply load(String name, String pathVersion, byte[] body) throws HttpError {
        String version = requestedVersion(pathVersion, Json.parse(body));
        try {
            return Reply.json(200, registry.load(name, version));
        } catch (ModelRegistry.UnknownModelException e) {
            throw new HttpError(404, e.getMessage() + " in repository " + registry.repository().root());
        } catch (ModelPackageException e) {
            throw new HttpError(400, "load failed: " + e.getMessage(), Map.of("model", registry.status(name)), null);
        }
    }

    /**
     * The version a load asks for: the path's, else the body's {@code parameters.version}, else null (the newest).
     * A body that is not what the protocol describes is refused rather than read as "the newest", which would load
     * a version nobody asked for.
     */
    private static String requestedVersion(String pathVersion, JsonNode request) throws HttpError {
        JsonNode v = parameters(request, "a load body", "{\"version\": \"2\"}").path("version");
        String bodyVersion = null;
        if (!v.isMissingNode()) {
            if (!v.isTextual() && !v.isIntegralNumber()) {
                throw new HttpError(400, "parameters.version must be a string such as \"2\", not " + v.getNodeType());
            }
            bodyVersion = v.asText();
        }
        if (pathVersion != null && bodyVersion != null && !pathVersion.equals(bodyVersion)) {
            throw new HttpError(400, "the path asks for version " + pathVersion + " and the body for " + bodyVersion
                    + "; name one");
        }
        String version = pathVersion != null ? pathVersion : bodyVersion;
        if (version != null && !ModelRepository.validSegment(version)) {
            throw new HttpError(400, "version '" + version + "' is not a plain folder name (letters, digits, '.', '_',"
                    + " '-'; not starting with '.')");
        }
        return version;
    }

    /** The request's {@code parameters} object (missing: empty), refusing a body the protocol does not describe. */
    private static JsonNode parameters(JsonNode request, String what, String example) throws HttpError {
        if (!request.isObject()) {
            throw new HttpError(400, what + " must be a JSON object such as {\"parameters\": " + example + "}");
        }
        JsonNode parameters = request.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw new HttpError(400, "parameters must be an object such as " + example + ", not "
                    + parameters.getNodeType());
        }
        return parameters;
    }

    /**
     * Unloads now, or with {@code parameters.delay_seconds} (a dda extension) later, unless the model is loaded
     * again first: a model component's Shutdown asks for that, so an update's new version loads while the old
     * one still answers.
     */
    Reply unload(String name, byte[] body) throws HttpError {
        JsonNode delay = parameters(Json.parse(body), "an unload body", "{\"delay_seconds\": 60}").path("delay_seconds");
        if (!delay.isMissingNode() && !(delay.canConvertToLong() && delay.isIntegralNumber()
                && delay.asLong() >= 0 && delay.asLong() <= MAX_UNLOAD_DELAY_SECONDS)) {
            throw new HttpError(400, "parameters.delay_seconds must be a whole number of seconds from 0 to "
                    + MAX_UNLOAD_DELAY_SECONDS + ", not " + delay);
        }
        try {
            return Reply.json(200, registry.unload(name, Duration.ofSeconds(delay.asLong(0))));
        } catch (ModelRegistry.UnknownModelException e) {
            throw new HttpError(404, e.getMessage());
        }
    }

    /** Every package on disk and every known model, with its state; {"ready": true} keeps only serving ones. */
    Reply index(byte[] body) throws HttpError {
        boolean readyOnly = Json.parse(body).path("ready").asBoolean(false);
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            java.util.Set<String> names = new java.util.TreeSet<>(registry.repository().names());
            registry.statuses().forEach(s -> names.add(s.name()));
            for (String name : names) {
                ModelStatus s = registry.known(name) ? registry.status(name) : null;
                List<String> versions = new ArrayList<>(registry.repository().versions(name));
                if (s != null && s.servingVersion() != null && !versions.contains(s.servingVersion())) {
                    versions.add(s.servingVersion()); // still serving although deleted from disk
                }
                for (String version : versions) {
                    Map<String, Object> e = entry(name, version, s);
                    if (!readyOnly || "READY".equals(e.get("state"))) {
                        out.add(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new HttpError(500, "cannot read repository " + registry.repository().root() + ": " + e.getMessage());
        }
        return Reply.json(200, out);
    }

    private static Map<String, Object> entry(String name, String version, ModelStatus s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("version", version);
        String state = "UNAVAILABLE";
        String reason = null;
        if (s != null && version.equals(s.servingVersion())) {
            state = "READY";
        } else if (s != null && version.equals(s.loadingVersion())) {
            state = "LOADING";
        }
        if (s != null && version.equals(s.failedVersion())) {
            reason = "load failed: " + s.reason();
        }
        e.put("state", state);
        if (reason != null) {
            e.put("reason", reason);
        }
        if (state.equals("READY") && s.unloadAt() != null) {
            e.put("unload_at", s.unloadAt());
        }
        return e;
    }

    private ModelStatus status(String name) throws HttpError {
        try {
            return registry.status(name);
        } catch (ModelRegistry.UnknownModelException e) {
            throw new HttpError(404, e.getMessage());
        }
    }
}
