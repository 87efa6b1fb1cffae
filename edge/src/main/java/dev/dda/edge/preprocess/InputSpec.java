package dev.dda.edge.preprocess;

import java.util.List;

/**
 * The shape and scaling a model expects; written into every model package's manifest, so that the trainer and
 * the server read the same numbers.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param mean per channel, subtracted after scaling pixels to [0, 1]
 * @param std per channel, divided after the mean is subtracted
 */
public record InputSpec(int width, int height, int channels, List<Double> mean, List<Double> std) {
    public InputSpec {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input width and height must be positive");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels must be 1 or 3, not " + channels);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
    }

    /** Pixels scaled to [0, 1] and centred on 0.5. */
    public static InputSpec of(int width, int height, int channels) {
        List<Double> half = channels == 1 ? List.of(0.5) : List.of(0.5, 0.5, 0.5);
        List<Double> one = channels == 1 ? List.of(1.0) : List.of(1.0, 1.0, 1.0);
        return new InputSpec(width, height, channels, half, one);
    }

    public int valuesPerImage() {
        return width * height * channels;
    }
}
