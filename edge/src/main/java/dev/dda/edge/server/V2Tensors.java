package dev.dda.edge.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.runtime.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the Open Inference Protocol's JSON tensors: {"inputs":[{"name","shape","datatype","data"}], "outputs"?}. */
final class V2Tensors {
    private V2Tensors() {}

    static Map<String, Tensors> inputs(JsonNode request, Set<String> names, InputSpec spec, int maxBatch)
            throws HttpError {
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new HttpError(400, "request needs \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]");
        }
        Map<String, Tensors> out = new LinkedHashMap<>();
        for (JsonNode in : inputs) {
            String name = in.path("name").asText("");
            if (!names.contains(name)) {
                throw new HttpError(400, "unknown input '" + name + "'; the model takes " + names);
            }
            String type = in.path("datatype").asText("");
            if (!type.equals("FP32")) {
                throw new HttpError(400, "input " + name + " has datatype '" + type + "'; only FP32 is accepted");
            }
            long[] shape = shape(in.get("shape"), name);
            long[] expected = {-1, spec.height(), spec.width(), spec.channels()};
            if (shape.length != 4 || shape[0] < 1 || shape[0] > maxBatch || shape[1] != expected[1]
                    || shape[2] != expected[2] || shape[3] != expected[3]) {
                throw new HttpError(400, "input " + name + " has shape " + java.util.Arrays.toString(shape)
                        + "; expected [N, " + spec.height() + ", " + spec.width() + ", " + spec.channels()
                        + "] with 1 <= N <= " + maxBatch);
            }
            float[] data = data(in.get("data"), name, shape);
            out.put(name, new Tensors(shape, data));
        }
        return out;
    }

    static List<String> wantedOutputs(JsonNode request, Set<String> names) throws HttpError {
        List<String> out = new ArrayList<>();
        for (JsonNode o : request.path("outputs")) {
            String name = o.path("name").asText("");
            if (!names.contains(name)) {
                throw new HttpError(400, "unknown output '" + name + "'; the model has " + names);
            }
            out.add(name);
        }
        return out;
    }

    private static long[] shape(JsonNode node, String name) throws HttpError {
        if (node == null || !node.isArray()) {
            throw new HttpError(400, "input " + name + " needs \"shape\": an array of integers");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!node.get(i).canConvertToLong()) {
                throw new HttpError(400, "input " + name + " shape must hold integers");
            }
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    /** Flat or nested (row-major) numbers, as the protocol allows both. */
    private static float[] data(JsonNode node, String name, long[] shape) throws HttpError {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (node == null || !node.isArray()) {
            throw new HttpError(400, "input " + name + " needs \"data\": an array of numbers");
        }
        float[] out = new float[(int) n];
        int[] filled = {0};
        flatten(node, out, filled, name);
        if (filled[0] != n) {
            throw new HttpError(400, "input " + name + " has " + filled[0] + " values; shape "
                    + java.util.Arrays.toString(shape) + " needs " + n);
        }
        return out;
    }

    private static void flatten(JsonNode node, float[] out, int[] filled, String name) throws HttpError {
        for (JsonNode v : node) {
            if (v.isArray()) {
                flatten(v, out, filled, name);
            } else if (v.isNumber()) {
                if (filled[0] >= out.length) {
                    filled[0]++;
                    continue;
                }
                float f = v.floatValue();
                if (!Float.isFinite(f)) {
                    // a model fed an infinity answers NaN; the caller's value is what is wrong
                    throw new HttpError(400, "input " + name + " value " + v.asText() + " at index " + filled[0]
                            + " is not a finite 32-bit float (FP32 holds magnitudes up to 3.4e38)");
                }
                out[filled[0]++] = f;
            } else {
                throw new HttpError(400, "input " + name + " data must be numbers, found " + v.getNodeType());
            }
        }
    }
}
