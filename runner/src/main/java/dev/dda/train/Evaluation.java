package dev.dda.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a model did on one set of images (validation or test) at the chosen threshold. */
public record Evaluation(String set, Scores scores, double threshold) {
    public double auroc() {
        return scores.auroc();
    }

    public Confusion confusion() {
        return scores.confusion(threshold);
    }

    /** The figures written to metrics.json. */
    public Map<String, Object> toMap() {
        Confusion c = confusion();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auroc", auroc());
        m.put("f1", c.f1());
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        m.put("accuracy", c.accuracy());
        m.put("confusionMatrix", Map.of("truePositives", c.truePositives(), "falsePositives", c.falsePositives(),
                "trueNegatives", c.trueNegatives(), "falseNegatives", c.falseNegatives()));
        m.put("counts", Map.of("normal", scores.count(LabeledImage.NORMAL),
                "anomaly", scores.count(LabeledImage.ANOMALY)));
        return m;
    }
}
