package dev.dda.edge.testing;

import dev.dda.edge.preprocess.Frames;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encoded images for tests, including hostile ones. */
public final class TestImages {
    private TestImages() {}

    /** An image whose grey level at (x, y) is {@code level.applyAsInt(x, y)} in 0..255. */
    public static BufferedImage image(int w, int h, boolean grey, IntBinaryOperator level) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = level.applyAsInt(x, y);
                if (grey) {
                    img.getRaster().setSample(x, y, 0, v);
                } else {
                    img.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A valid JPEG that no decoder here reads: two components (as grey with alpha would be), written from a raster by
     * ImageIO's own writer, whose reader then refuses it ("Unsupported Image Type").
     */
    public static byte[] twoComponentJpeg(int w, int h) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 2, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, x * 255 / w);
                raster.setSample(x, y, 1, 255);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] png(int w, int h, int level) {
        return encode(image(w, h, false, (x, y) -> level), "png");
    }

    /** Black, with the left {@code fraction} of columns white: bright = anomalous for the demo model. */
    public static byte[] leftWhite(int w, int h, double fraction) {
        return encode(leftWhiteImage(w, h, fraction), "png");
    }

    /** {@link #leftWhite} as a camera's JPEG (ImageIO's baseline 4:2:0 writer, its default quality). */
    public static byte[] leftWhiteJpeg(int w, int h, double fraction) {
        return encode(leftWhiteImage(w, h, fraction), "jpeg");
    }

    private static BufferedImage leftWhiteImage(int w, int h, double fraction) {
        int edge = (int) Math.round(w * fraction);
        return image(w, h, false, (x, y) -> x < edge ? 255 : 0);
    }

    /** The image as a raw RGB8 camera frame: a binary PPM (P6). */
    public static byte[] ppm(BufferedImage img) {
        return Frames.encode(img);
    }

    /** Black, with the left {@code fraction} of columns white, unencoded: a raw RGB frame (see {@link #ppm}). */
    public static byte[] leftWhiteFrame(int w, int h, double fraction) {
        return ppm(leftWhiteImage(w, h, fraction));
    }

    public static byte[] truncated(byte[] encoded) {
        return Arrays.copyOf(encoded, encoded.length / 2);
    }

    /** A well-formed PNG signature and IHDR claiming w x h pixels, followed by a tiny (wrong) IDAT. */
    public static byte[] pngBomb(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        chunk(b, "IEND", new byte[0]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
