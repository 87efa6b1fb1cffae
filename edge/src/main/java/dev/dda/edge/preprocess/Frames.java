package dev.dda.edge.preprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images written as a camera sends them: the raw frames {@link PnmImage} reads (what a Mono8 or RGB8 camera
 * gives), or a JPEG (what an IP camera and the DDA tutorial's client send). For trying those paths with a photo
 * ({@code dda edge frame}, {@code bench/edge --frame | --jpeg}).
 */
public final class Frames {
    private Frames() {}

    /** A binary PGM (P5) for a one-band grey image, else a binary PPM (P6) of its RGB, alpha dropped. */
    public static byte[] encode(BufferedImage image) {
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() == 1 && image.getColorModel().getComponentSize(0) == 8;
        int w = image.getWidth();
        int h = image.getHeight();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + w * h * (grey ? 1 : 3));
        out.writeBytes(((grey ? "P5" : "P6") + "\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        int[] samples = new int[w];
        for (int y = 0; y < h; y++) {
            if (grey) {
                image.getRaster().getSamples(0, y, w, 1, 0, samples);
                for (int v : samples) {
                    out.write(v);
                }
            } else {
                image.getRGB(0, y, w, 1, samples, 0, w);
                for (int rgb : samples) {
                    out.write(rgb >> 16 & 0xff);
                    out.write(rgb >> 8 & 0xff);
                    out.write(rgb & 0xff);
                }
            }
        }
        return out.toByteArray();
    }

    /** A baseline JPEG (4:2:0 for colour, as ImageIO's writer and most cameras write) of the image, alpha dropped. */
    public static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        BufferedImage opaque = image;
        if (image.getColorModel().hasAlpha()) {
            opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            opaque.createGraphics().drawImage(image, 0, 0, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(opaque, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
