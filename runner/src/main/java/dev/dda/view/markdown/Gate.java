package dev.dda.view.markdown;

import dev.dda.diff.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training gate ({@code auroc >= 0.95}) with the metric's value when the job has one.
 *
 * @param value null when not known yet (the job runs on apply)
 * @param passed whether the value meets the threshold, as the apply judges it
 */
public record Gate(String metric, String operator, double threshold, Double value, boolean passed) {
    /**
     * The gates of a training resource's attributes ({@code gates}: strings, or maps of metric/op/threshold), each
     * valued as the apply judges it ({@link dev.dda.spec.Gate}: the test figure when the run kept one).
     */
    public static List<Gate> of(Map<String, Object> attributes, Map<String, Object> metrics) {
        List<Gate> out = new ArrayList<>();
        if (!(attributes.get("gates") instanceof List<?> gates)) {
            return out;
        }
        Map<String, Double> numbers = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) {
                numbers.put(k, n.doubleValue());
            }
        });
        for (Object g : gates) {
            String text = g instanceof Map<?, ?> m
                    ? m.get("metric") + " " + (m.containsKey("op") ? m.get("op") : ">=") + " " + m.get("threshold")
                    : String.valueOf(g);
            try {
                dev.dda.spec.Gate gate = dev.dda.spec.Gate.parse(text);
                dev.dda.spec.Gate.Result judged = gate.evaluate(numbers);
                out.add(new Gate(gate.metric(), gate.operator(), gate.threshold(), judged.value(), judged.passed()));
            } catch (IllegalArgumentException notAGate) {
                // the spec checks refused it already; a plan shows what it can
            }
        }
        return out;
    }

    public boolean known() {
        return value != null;
    }

    /** True when the value is known and does not meet the threshold. */
    public boolean fails() {
        return value != null && !passed;
    }

    public String condition() {
        return metric + " " + operator + " " + Values.render(threshold);
    }
}
