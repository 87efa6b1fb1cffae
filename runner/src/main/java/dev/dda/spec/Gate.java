package dev.dda.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A quality gate of a training, such as {@code auroc >= 0.95}, the same on every target. It is checked on the
 * held-out test images when the run kept some ({@code test_auroc}), else on the validation images: the figure a
 * reviewer should trust most.
 */
public record Gate(String text, String metric, String operator, double threshold) {
    /**
     * What dda's trainer reports, on the validation images and, prefixed {@code test_}, on the held-out ones: all a
     * gate can judge of a builtin or container-image training (SageMaker records only these for it).
     */
    public static final List<String> TRAINER_METRICS = List.of("auroc", "accuracy", "f1", "precision", "recall");
    private static final String TEST_PREFIX = "test_";
    private static final List<String> TRAINER_METRIC_NAMES = Stream.concat(TRAINER_METRICS.stream(),
            TRAINER_METRICS.stream().map(m -> TEST_PREFIX + m)).toList();
    /** As {@code $defs/gate} in the spec schema, so that every gate the schema lets through parses here. */
    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(>=|<=|==|>|<)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*");

    /** One gate checked against a model's metrics. */
    public record Result(Gate gate, String source, Double value, boolean passed) {
        /** "auroc 0.9870 (test) >= 0.95: pass". */
        public String describe() {
            if (value == null) {
                return gate.text + ": the model reports no metric '" + gate.metric + "'";
            }
            return String.format(Locale.ROOT, "%s %.4f (%s) %s %s: %s", gate.metric, value, source, gate.operator,
                    trim(gate.threshold), passed ? "pass" : "FAIL");
        }

        public Map<String, Object> toMap() {
            return value == null ? Map.of("gate", gate.text, "metric", gate.metric, "passed", false)
                    : Map.of("gate", gate.text, "metric", gate.metric, "source", source, "value", value, "passed", passed);
        }
    }

    /** Parses a gate; the message of the exception says what a gate looks like. */
    public static Gate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("gate '" + text + "' is not METRIC OP NUMBER, such as 'auroc >= 0.95' "
                    + "(operators >=, >, <=, <, ==; metrics " + String.join(", ", TRAINER_METRICS) + ")");
        }
        return new Gate(text.trim(), m.group(1), m.group(2), Double.parseDouble(m.group(3)));
    }

    /** Every metric name dda's trainer reports: {@link #TRAINER_METRICS}, then each with {@code test_}. */
    public static List<String> trainerMetricNames() {
        return TRAINER_METRIC_NAMES;
    }

    /** True when dda's trainer reports the metric this gate judges, so it can ever pass on a builtin training. */
    public boolean judgesTrainerMetric() {
        return trainerMetricNames().contains(metric);
    }

    /**
     * What a plan says of this gate, in the same words on every target: judged on {@code metrics} once the job has
     * finished, or that it will be ({@code metrics} null).
     */
    public String planLine(Map<String, Double> metrics) {
        return "gate " + (metrics == null ? text + " is checked when the job finishes" : evaluate(metrics).describe());
    }

    public Result evaluate(Map<String, Double> metrics) {
        String source = "test";
        Double value = metrics.get(TEST_PREFIX + metric);
        if (value == null) {
            source = "validation";
            value = metrics.get(metric);
        }
        if (value == null) {
            return new Result(this, null, null, false);
        }
        boolean ok = switch (operator) {
            case ">=" -> value >= threshold;
            case ">" -> value > threshold;
            case "<=" -> value <= threshold;
            case "<" -> value < threshold;
            default -> Double.compare(value, threshold) == 0;
        };
        return new Result(this, source, value, ok);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
