package dev.dda.edge.preprocess;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decode, colour, resize, normalise: the one place where an image becomes model input. The trainer and the
 * server both call it, so training and serving cannot drift.
 *
 * <p>Decoding reads the header first and refuses images whose pixel count exceeds the limit before any pixel is
 * decoded, so a decompression bomb costs nothing.
 */
public final class Preprocessor {
    /** 40 megapixels: any camera a line uses, far below what would exhaust memory. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private final InputSpec input;
    private final long maxPixels;

    private Preprocessor(InputSpec input, long maxPixels) {
        this.input = input;
        this.maxPixels = maxPixels;
    }

    public static Preprocessor create(InputSpec input) {
        return new Preprocessor(input, DEFAULT_MAX_PIXELS);
    }

    public static Preprocessor create(InputSpec input, long maxPixels) {
        return new Preprocessor(input, maxPixels);
    }

    public InputSpec input() {
        return input;
    }

    /** Bytes of an encoded image to model input, HWC floats. */
    public float[] prepare(byte[] encoded) throws ImageRejectedException {
        return toInput(decode(encoded));
    }

    public BufferedImage decode(byte[] encoded) throws ImageRejectedException {
        if (encoded == null || encoded.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "the image is empty (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                        "not a supported image; send PNG or JPEG");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                            "image format " + format + " is not supported; send PNG or JPEG");
                }
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                            "image is " + width + "x" + height + " pixels; at most " + maxPixels
                                    + " pixels are accepted");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO signals truncated or corrupt data with IOException and, for some codecs, runtime errors
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "the image could not be decoded (truncated or corrupt): " + e.getMessage());
        }
    }

    /** A decoded image to model input: resized (bilinear), coloured, scaled, normalised; HWC order. */
    public float[] toInput(BufferedImage image) {
        BufferedImage resized = resize(image);
        int w = input.width();
        int h = input.height();
        int c = input.channels();
        float[] out = new float[w * h * c];
        int[] rgb = resized.getRGB(0, 0, w, h, null, 0, w);
        float[] mean = toFloats(input.mean());
        float[] std = toFloats(input.std());
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            float r = ((p >> 16) & 0xff) / 255f;
            float g = ((p >> 8) & 0xff) / 255f;
            float b = (p & 0xff) / 255f;
            if (c == 1) {
                float grey = 0.299f * r + 0.587f * g + 0.114f * b;
                out[i] = (grey - mean[0]) / std[0];
            } else {
                out[i * 3] = (r - mean[0]) / std[0];
                out[i * 3 + 1] = (g - mean[1]) / std[1];
                out[i * 3 + 2] = (b - mean[2]) / std[2];
            }
        }
        return out;
    }

    private BufferedImage resize(BufferedImage image) {
        BufferedImage target = new BufferedImage(input.width(), input.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, input.width(), input.height(), null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static float[] toFloats(java.util.List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
