package dev.dda.edge.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Defect regions from an anomaly heat map: 8-connected cells at or above a cut, boxed in original image pixels.
 * The cut is the midpoint between the model's anomaly threshold and the hottest cell (never below the threshold),
 * the usual way of boxing class-activation maps: a heat map whose every cell is mildly above the threshold
 * still yields the hot spots, not one box around the whole image.
 */
public final class Defects {
    public static final int MAX_REGIONS = 20;

    public record Box(int x, int y, int width, int height) {}

    public record Region(String label, Box bbox, double score) {}

    private Defects() {}

    public static List<Region> find(float[][] heatmap, double anomalyThreshold, int imageWidth, int imageHeight,
                                    String label) {
        double hottest = Double.NEGATIVE_INFINITY;
        for (float[] row : heatmap) {
            for (float v : row) {
                hottest = Math.max(hottest, v);
            }
        }
        return regions(heatmap, Math.max(anomalyThreshold, (anomalyThreshold + hottest) / 2), imageWidth, imageHeight,
                label);
    }

    static List<Region> regions(float[][] heatmap, double threshold, int imageWidth, int imageHeight, String label) {
        int h = heatmap.length;
        int w = h == 0 ? 0 : heatmap[0].length;
        boolean[][] seen = new boolean[h][w];
        List<Region> out = new ArrayList<>();
        int[] stack = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (seen[y][x] || heatmap[y][x] < threshold) {
                    continue;
                }
                int x0 = x;
                int x1 = x;
                int y0 = y;
                int y1 = y;
                float best = 0f;
                int top = 0;
                stack[top++] = y * w + x;
                seen[y][x] = true;
                while (top > 0) {
                    int cell = stack[--top];
                    int cy = cell / w;
                    int cx = cell % w;
                    best = Math.max(best, heatmap[cy][cx]);
                    x0 = Math.min(x0, cx);
                    x1 = Math.max(x1, cx);
                    y0 = Math.min(y0, cy);
                    y1 = Math.max(y1, cy);
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int ny = cy + dy;
                            int nx = cx + dx;
                            if (ny >= 0 && ny < h && nx >= 0 && nx < w && !seen[ny][nx] && heatmap[ny][nx] >= threshold) {
                                seen[ny][nx] = true;
                                stack[top++] = ny * w + nx;
                            }
                        }
                    }
                }
                int px0 = (int) Math.floor((double) x0 * imageWidth / w);
                int px1 = (int) Math.ceil((double) (x1 + 1) * imageWidth / w);
                int py0 = (int) Math.floor((double) y0 * imageHeight / h);
                int py1 = (int) Math.ceil((double) (y1 + 1) * imageHeight / h);
                out.add(new Region(label, new Box(px0, py0, px1 - px0, py1 - py0), best));
            }
        }
        out.sort(Comparator.comparingDouble(Region::score).reversed());
        return out.size() > MAX_REGIONS ? List.copyOf(out.subList(0, MAX_REGIONS)) : out;
    }
}
