package dev.dda.view.markdown;

import dev.dda.diff.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training gate ({@code auroc >= 0.95}) with the metric's value when the job has one.
 *
 * @param value null when not known yet (the job runs on apply)
 */
public record Gate(String metric, String operator, double threshold, Double value) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][\\w.-]*)\\s*(>=|<=|==|>|<)\\s*([-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)\\s*");

    /** The gates of a training resource's attributes ({@code gates}: strings, or maps of metric/op/threshold). */
    public static List<Gate> of(Map<String, Object> attributes, Map<String, Object> metrics) {
        List<Gate> out = new ArrayList<>();
        if (!(attributes.get("gates") instanceof List<?> gates)) {
            return out;
        }
        for (Object g : gates) {
            String text = g instanceof Map<?, ?> m
                    ? m.get("metric") + " " + (m.containsKey("op") ? m.get("op") : ">=") + " " + m.get("threshold")
                    : String.valueOf(g);
            Matcher x = FORM.matcher(text);
            if (x.matches()) {
                Object v = metrics.get(x.group(1));
                out.add(new Gate(x.group(1), x.group(2), Double.parseDouble(x.group(3)),
                        v instanceof Number n ? n.doubleValue() : null));
            }
        }
        return out;
    }

    public boolean known() {
        return value != null;
    }

    /** True when the value is known and does not meet the threshold. */
    public boolean fails() {
        if (value == null) {
            return false;
        }
        return switch (operator) {
            case ">=" -> !(value >= threshold);
            case ">" -> !(value > threshold);
            case "<=" -> !(value <= threshold);
            case "<" -> !(value < threshold);
            default -> value != threshold;
        };
    }

    public String condition() {
        return metric + " " + operator + " " + Values.render(threshold);
    }
}
