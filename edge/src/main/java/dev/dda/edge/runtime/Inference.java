package dev.dda.edge.runtime;

/**
 * One image's model output.
 *
 * @param score anomaly score in [0, 1]
 * @param heatmap per-cell anomaly scores [h][w], or null when the model does not localise
 * @param nanos time of the model call alone
 */
public record Inference(float score, float[][] heatmap, long nanos) {}
