package dev.dda.train;

import java.util.Arrays;
import java.util.TreeSet;

/** Image scores with their true labels, and the measures computed from them. */
public record Scores(double[] scores, int[] labels) {
    public Scores {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        scores = scores.clone();
        labels = labels.clone();
    }

    public int count(int label) {
        return (int) Arrays.stream(labels).filter(l -> l == label).count();
    }

    /**
     * Area under the ROC curve: the chance that a random anomaly scores above a random normal image, ties
     * counting one half (Mann-Whitney). NaN when a class is missing.
     */
    public double auroc() {
        int positives = count(LabeledImage.ANOMALY);
        int negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double wins = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != LabeledImage.ANOMALY) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] == LabeledImage.ANOMALY) {
                    continue;
                }
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return wins / ((double) positives * negatives);
    }

    /**
     * The threshold with the highest F1 (ties: higher Youden J, then the lower threshold). Candidates lie midway
     * between neighbouring distinct scores, so the chosen cut keeps the widest margin the data allows.
     */
    public double bestF1Threshold() {
        double[] distinct = new TreeSet<>(Arrays.stream(scores).boxed().toList()).stream()
                .mapToDouble(Double::doubleValue).toArray();
        double best = distinct[0];
        Confusion bestConfusion = Confusion.at(scores, labels, best);
        for (int i = 1; i < distinct.length; i++) {
            double t = (distinct[i - 1] + distinct[i]) / 2;
            Confusion c = Confusion.at(scores, labels, t);
            if (c.f1() > bestConfusion.f1() || c.f1() == bestConfusion.f1() && c.youden() > bestConfusion.youden()) {
                best = t;
                bestConfusion = c;
            }
        }
        return best;
    }

    public Confusion confusion(double threshold) {
        return Confusion.at(scores, labels, threshold);
    }

    /** Points (false positive rate, true positive rate) of the ROC curve, from (0,0) to (1,1). */
    public double[][] roc() {
        double[] distinct = new TreeSet<>(Arrays.stream(scores).boxed().toList()).descendingSet().stream()
                .mapToDouble(Double::doubleValue).toArray();
        double[][] points = new double[distinct.length + 2][];
        points[0] = new double[] {0, 0};
        for (int i = 0; i < distinct.length; i++) {
            Confusion c = confusion(distinct[i]);
            points[i + 1] = new double[] {1 - c.specificity(), c.recall()};
        }
        points[distinct.length + 1] = new double[] {1, 1};
        return points;
    }
}
