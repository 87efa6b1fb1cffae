package dev.dda.edge.preprocess;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG encoder for tests that chooses each row's filter itself (ImageIO's writer picks filters adaptively, so it
 * cannot be made to use a given one), splits the pixel data over several IDAT chunks, and can write a palette,
 * a tRNS chunk, or a broken file.
 */
final class PngWriter {
    private final int width;
    private final int height;
    private final int colourType;
    private final int bpp;
    private IntUnaryOperator filterOfRow = y -> y % 5;
    private byte[] palette;
    private byte[] trns;
    private int idatChunkBytes = 997;
    private boolean interlaced;

    PngWriter(int width, int height, int colourType) {
        this.width = width;
        this.height = height;
        this.colourType = colourType;
        this.bpp = switch (colourType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
    }

    PngWriter filters(IntUnaryOperator filterOfRow) {
        this.filterOfRow = filterOfRow;
        return this;
    }

    PngWriter palette(byte[] rgb) {
        this.palette = rgb;
        return this;
    }

    PngWriter trns(byte[] data) {
        this.trns = data;
        return this;
    }

    /** Claims Adam7 interlacing in the header (the pixel data is not really interlaced). */
    PngWriter interlaced() {
        this.interlaced = true;
        return this;
    }

    PngWriter idatChunkBytes(int n) {
        this.idatChunkBytes = n;
        return this;
    }

    int bytesPerPixel() {
        return bpp;
    }

    /** The PNG of {@code pixels}: {@code height} rows of {@code width * bpp} bytes. */
    byte[] write(byte[] pixels) {
        return png(deflate(filtered(pixels)));
    }

    /** The filtered rows, each led by its filter type byte: what the IDAT chunks hold once inflated. */
    byte[] filtered(byte[] pixels) {
        int rowBytes = width * bpp;
        byte[] out = new byte[height * (rowBytes + 1)];
        byte[] zero = new byte[rowBytes];
        for (int y = 0; y < height; y++) {
            int f = filterOfRow.applyAsInt(y);
            int at = y * (rowBytes + 1);
            out[at] = (byte) f;
            byte[] cur = Arrays.copyOfRange(pixels, y * rowBytes, (y + 1) * rowBytes);
            byte[] up = y == 0 ? zero : Arrays.copyOfRange(pixels, (y - 1) * rowBytes, y * rowBytes);
            for (int i = 0; i < rowBytes; i++) {
                int a = i >= bpp ? cur[i - bpp] & 0xff : 0;
                int b = up[i] & 0xff;
                int c = i >= bpp ? up[i - bpp] & 0xff : 0;
                out[at + 1 + i] = (byte) ((cur[i] & 0xff) - predictor(f, a, b, c));
            }
        }
        return out;
    }

    private static int predictor(int filter, int a, int b, int c) {
        return switch (filter) {
            case 0 -> 0;
            case 1 -> a;
            case 2 -> b;
            case 3 -> (a + b) >>> 1;
            case 4 -> paeth(a, b, c);
            default -> throw new IllegalArgumentException("filter " + filter);
        };
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** A PNG file around already compressed pixel data. */
    byte[] png(byte[] zlib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0)).array());
        if (palette != null) {
            chunk(out, "PLTE", palette);
        }
        if (trns != null) {
            chunk(out, "tRNS", trns);
        }
        for (int at = 0; at < zlib.length; at += idatChunkBytes) {
            chunk(out, "IDAT", Arrays.copyOfRange(zlib, at, Math.min(zlib.length, at + idatChunkBytes)));
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
