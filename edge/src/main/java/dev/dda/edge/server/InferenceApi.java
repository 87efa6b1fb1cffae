package dev.dda.edge.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.preprocess.ImageRejectedException;
import dev.dda.edge.preprocess.Preprocessor;
import dev.dda.edge.runtime.Defects;
import dev.dda.edge.runtime.Inference;
import dev.dda.edge.runtime.LoadedModel;
import dev.dda.edge.runtime.ModelNotReadyException;
import dev.dda.edge.runtime.ModelRegistry;
import dev.dda.edge.runtime.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /predict} and {@code POST /v2/models/{m}/infer}: admission, model lease, decode, call, answer. */
final class InferenceApi {
    private static final int RETRY_NOT_READY_SECONDS = 5;
    private static final int MAX_BATCH = 64;

    private final ModelRegistry registry;
    private final Admission admission;
    private final Metrics metrics;
    private final long maxBody;

    InferenceApi(ModelRegistry registry, Admission admission, Metrics metrics, long maxBody) {
        this.registry = registry;
        this.admission = admission;
        this.metrics = metrics;
        this.maxBody = maxBody;
    }

    Reply predict(Call call) throws Exception {
        String model = chooseModel(call.query().get("model"));
        byte[] image = ImageInput.of(call, maxBody);
        return admission.run(() -> withModel(model, null, m -> Reply.json(200, predictBody(m, image))));
    }

    Reply infer(Call call, String model, String version) throws Exception {
        String type = call.contentType() == null ? "" : call.contentType();
        boolean json = type.startsWith("application/json") || (type.isEmpty() && looksLikeJson(call.body()));
        if (json) {
            JsonNode request = Json.parse(call.body());
            return admission.run(() -> withModel(model, version, m -> Reply.json(200, inferTensors(m, request))));
        }
        byte[] image = ImageInput.of(call, maxBody);
        return admission.run(() -> withModel(model, version, m -> Reply.json(200, inferImage(m, image))));
    }

    interface ModelWork {
        Reply run(LoadedModel model) throws Exception;
    }

    private Reply withModel(String name, String version, ModelWork work) throws Exception {
        LoadedModel m = lease(name);
        try {
            if (version != null && !version.equals(m.manifest().version())) {
                throw new HttpError(404, "model " + name + " serves version " + m.manifest().version()
                        + ", not " + version);
            }
            return work.run(m);
        } finally {
            m.release();
        }
    }

    private LoadedModel lease(String name) throws HttpError {
        try {
            return registry.acquire(name);
        } catch (ModelNotReadyException e) {
            throw new HttpError(503, e.getMessage(), Map.of("model", e.status()), RETRY_NOT_READY_SECONDS);
        } catch (ModelRegistry.UnknownModelException e) {
            throw new HttpError(404, e.getMessage());
        }
    }

    String chooseModel(String asked) throws HttpError {
        if (asked != null && !asked.isEmpty()) {
            if (!registry.known(asked)) {
                throw new HttpError(404, "unknown model " + asked + "; known: " + names());
            }
            return asked;
        }
        List<String> known = names();
        if (known.size() == 1) {
            return known.get(0);
        }
        List<String> serving = registry.serving();
        if (serving.size() == 1) {
            return serving.get(0);
        }
        if (known.isEmpty()) {
            throw new HttpError(503, "no model is loaded", Map.of(), RETRY_NOT_READY_SECONDS);
        }
        throw new HttpError(400, "several models are loaded " + known + "; choose one with ?model=NAME");
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        registry.statuses().forEach(s -> out.add(s.name()));
        return out;
    }

    private Map<String, Object> predictBody(LoadedModel m, byte[] encoded) throws HttpError {
        Preprocessor.Prepared img = prepare(m, encoded);
        Inference r = run(m, img.input());
        ModelManifest man = m.manifest();
        boolean anomalous = r.score() >= man.anomalyThreshold();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prediction", anomalous ? "anomaly" : "normal");
        out.put("is_anomalous", anomalous);
        out.put("confidence", round(anomalous ? r.score() : 1 - r.score()));
        out.put("anomaly_score", round(r.score()));
        out.put("anomaly_threshold", man.anomalyThreshold());
        out.put("model", Json.object("name", man.name(), "version", man.version()));
        out.put("inference_ms", round(r.nanos() / 1e6));
        out.put("image", Json.object("width", img.width(), "height", img.height()));
        List<Defects.Region> defects = anomalous && r.heatmap() != null
                ? Defects.find(r.heatmap(), man.anomalyThreshold(), img.width(), img.height(), man.labels().get(1))
                : List.of();
        out.put("defects", defects);
        return out;
    }

    private Map<String, Object> inferImage(LoadedModel m, byte[] encoded) throws HttpError {
        Inference r = run(m, prepare(m, encoded).input());
        ModelManifest man = m.manifest();
        List<Map<String, Object>> outputs = new ArrayList<>();
        outputs.add(output(man.scoreOutput(), new long[] {1}, new float[] {r.score()}));
        if (r.heatmap() != null) {
            int h = r.heatmap().length;
            int w = h == 0 ? 0 : r.heatmap()[0].length;
            float[] flat = new float[h * w];
            for (int y = 0; y < h; y++) {
                System.arraycopy(r.heatmap()[y], 0, flat, y * w, w);
            }
            outputs.add(output(man.heatmapOutput(), new long[] {1, h, w}, flat));
        }
        Map<String, Object> out = v2Header(man);
        out.put("outputs", outputs);
        out.put("parameters", Json.object("is_anomalous", r.score() >= man.anomalyThreshold(),
                "anomaly_threshold", man.anomalyThreshold()));
        return out;
    }

    private Map<String, Object> inferTensors(LoadedModel m, JsonNode request) throws HttpError {
        Map<String, Tensors> inputs = V2Tensors.inputs(request, m.inputNames(), m.input(), MAX_BATCH);
        List<String> wanted = V2Tensors.wantedOutputs(request, m.outputNames());
        long start = System.nanoTime();
        Map<String, Tensors> result;
        try {
            result = m.call(inputs, wanted);
        } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new HttpError(400, "the model refused the input: " + e.getMessage());
        }
        metrics.inference(m.manifest().name(), m.manifest().version(), System.nanoTime() - start);
        List<Map<String, Object>> outputs = new ArrayList<>();
        result.forEach((name, t) -> outputs.add(output(name, t.shape(), t.data())));
        Map<String, Object> out = v2Header(m.manifest());
        if (request.hasNonNull("id")) {
            out.put("id", request.get("id").asText());
        }
        out.put("outputs", outputs);
        return out;
    }

    private static Map<String, Object> v2Header(ModelManifest man) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_name", man.name());
        out.put("model_version", man.version());
        return out;
    }

    private static Map<String, Object> output(String name, long[] shape, float[] data) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("datatype", "FP32");
        o.put("shape", shape);
        o.put("data", data);
        return o;
    }

    private Inference run(LoadedModel m, float[] input) {
        Inference r = m.infer(input);
        metrics.inference(m.manifest().name(), m.manifest().version(), r.nanos());
        return r;
    }

    private static Preprocessor.Prepared prepare(LoadedModel m, byte[] encoded) throws HttpError {
        try {
            return m.preprocessor().prepareSized(encoded);
        } catch (ImageRejectedException e) {
            int status = switch (e.reason()) {
                case EMPTY, CORRUPT -> 400;
                case UNSUPPORTED_FORMAT -> 415;
                case TOO_LARGE -> 413;
            };
            throw new HttpError(status, e.getMessage(), Map.of("reason", e.reason().name().toLowerCase()), null);
        } catch (OutOfMemoryError e) {
            // an image under the pixel limit can still be too big for a small device's heap; its buffer is
            // garbage once we return, so refusing it keeps the server healthy
            throw new HttpError(413, "the image is too large to decode in the memory available",
                    Map.of("reason", "too_large"), null);
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

}
