package dev.dda.train;

/** Counts at a threshold: anomalies are the positive class. Ratios with a zero denominator are 0. */
public record Confusion(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {
    /** Images with score ≥ threshold are called anomalies. */
    public static Confusion at(double[] scores, int[] labels, double threshold) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean called = scores[i] >= threshold;
            boolean anomaly = labels[i] == LabeledImage.ANOMALY;
            if (called && anomaly) {
                tp++;
            } else if (called) {
                fp++;
            } else if (anomaly) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double specificity() {
        return ratio(trueNegatives, trueNegatives + falsePositives);
    }

    public double f1() {
        return ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, truePositives + trueNegatives + falsePositives + falseNegatives);
    }

    /** Youden's J: recall + specificity − 1. */
    public double youden() {
        return recall() + specificity() - 1;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
