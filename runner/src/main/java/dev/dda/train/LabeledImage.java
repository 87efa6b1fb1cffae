package dev.dda.train;

import java.nio.file.Path;

/** One image file and its class: {@link #NORMAL} or {@link #ANOMALY}. */
public record LabeledImage(Path path, int label) {
    public static final int NORMAL = 0;
    public static final int ANOMALY = 1;

    public LabeledImage {
        if (label != NORMAL && label != ANOMALY) {
            throw new IllegalArgumentException("label must be 0 (normal) or 1 (anomaly), not " + label);
        }
    }
}
