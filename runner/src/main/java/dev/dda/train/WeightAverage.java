package dev.dda.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The running mean of several snapshots of the network's variables. */
final class WeightAverage {
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private int count;

    void add(Map<String, float[]> values) {
        values.forEach((name, v) -> {
            double[] sum = sums.computeIfAbsent(name, n -> new double[v.length]);
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        });
        count++;
    }

    Map<String, float[]> mean() {
        if (count == 0) {
            throw new IllegalStateException("no snapshot to average");
        }
        Map<String, float[]> mean = new LinkedHashMap<>();
        sums.forEach((name, sum) -> {
            float[] m = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                m[i] = (float) (sum[i] / count);
            }
            mean.put(name, m);
        });
        return mean;
    }
}
