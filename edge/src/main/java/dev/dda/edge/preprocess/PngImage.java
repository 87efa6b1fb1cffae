package dev.dda.edge.preprocess;

import java.util.Arrays;

/**
 * The layout of a PNG file, read without decoding a pixel: its header, palette and where its compressed pixel data
 * (the IDAT chunks) lie in the file's bytes. Every chunk length is checked against the bytes that are there, so a
 * lying length cannot send a reader outside the array. Chunk CRCs are not checked: the pixel data carries zlib's own
 * Adler-32 check, which {@link PngRows} verifies, and the other chunks we read are range-checked.
 *
 * @param colourType 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA
 * @param palette RGB triplets, padded to 256 entries with black (as Java's PNG reader does); null if absent
 * @param idat offset and length of each IDAT chunk's data, in pairs
 */
record PngImage(byte[] data, long width, long height, int bitDepth, int colourType, boolean interlaced,
                byte[] palette, int[] idat) {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    private static final int IHDR = type("IHDR");
    private static final int PLTE = type("PLTE");
    private static final int IDAT = type("IDAT");
    private static final int IEND = type("IEND");

    static boolean isPng(byte[] data) {
        return data.length >= SIGNATURE.length && Arrays.equals(data, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /**
     * The layout of {@code data}, which starts with the PNG signature. Only the header is read before the size is
     * known, so the caller can refuse a decompression bomb before anything is inflated: see {@link #header}.
     */
    static PngImage parse(byte[] data) throws ImageRejectedException {
        PngImage head = header(data);
        byte[] palette = null;
        int[] idat = new int[16];
        int segments = 0;
        int at = SIGNATURE.length + 12 + 13;
        boolean ended = false;
        while (!ended) {
            int length = chunkLength(data, at);
            int type = readInt(data, at + 4);
            int body = at + 8;
            if (type == PLTE) {
                palette = palette(data, body, length);
            } else if (type == IDAT) {
                if (2 * segments == idat.length) {
                    idat = Arrays.copyOf(idat, idat.length * 2);
                }
                idat[2 * segments] = body;
                idat[2 * segments + 1] = length;
                segments++;
            }
            ended = type == IEND;
            at = body + length + 4;
        }
        if (segments == 0) {
            throw corrupt("the PNG has no pixel data (no IDAT chunk)");
        }
        if (head.colourType == 3 && palette == null) {
            throw corrupt("the PNG is a palette image without a palette (no PLTE chunk)");
        }
        return new PngImage(data, head.width, head.height, head.bitDepth, head.colourType, head.interlaced, palette,
                Arrays.copyOf(idat, 2 * segments));
    }

    /** Signature and IHDR only: the size and pixel format, nothing else looked at. */
    static PngImage header(byte[] data) throws ImageRejectedException {
        int at = SIGNATURE.length;
        int length = chunkLength(data, at);
        if (readInt(data, at + 4) != IHDR || length != 13) {
            throw corrupt("the PNG does not start with a 13-byte IHDR header chunk");
        }
        int h = at + 8;
        long width = readInt(data, h) & 0xffffffffL;
        long height = readInt(data, h + 4) & 0xffffffffL;
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw corrupt("the PNG header claims " + width + "x" + height + " pixels; PNG allows at most 2^31-1 a side");
        }
        int compression = data[h + 10];
        int filter = data[h + 11];
        if (compression != 0 || filter != 0) {
            throw corrupt("the PNG header names compression method " + compression + " and filter method " + filter
                    + "; only 0 and 0 exist");
        }
        int bitDepth = data[h + 8] & 0xff;
        int colourType = data[h + 9] & 0xff;
        checkFormat(bitDepth, colourType);
        int interlace = data[h + 12] & 0xff;
        if (interlace > 1) {
            throw corrupt("the PNG header names interlace method " + interlace + "; only 0 (none) and 1 (Adam7) exist");
        }
        return new PngImage(data, width, height, bitDepth, colourType, interlace == 1, null, new int[0]);
    }

    /** The bit depths PNG allows for each colour type (PNG spec, table 11.1); ImageIO only said "I/O error". */
    private static void checkFormat(int bitDepth, int colourType) throws ImageRejectedException {
        int[] allowed = switch (colourType) {
            case 0 -> new int[] {1, 2, 4, 8, 16};
            case 3 -> new int[] {1, 2, 4, 8};
            case 2, 4, 6 -> new int[] {8, 16};
            default -> null;
        };
        if (allowed == null) {
            throw corrupt("the PNG header names colour type " + colourType + "; PNG has 0 (grey), 2 (RGB), "
                    + "3 (palette), 4 (grey + alpha) and 6 (RGBA)");
        }
        if (Arrays.stream(allowed).noneMatch(d -> d == bitDepth)) {
            throw corrupt("the PNG header names bit depth " + bitDepth + " for colour type " + colourType
                    + "; PNG allows " + Arrays.stream(allowed).mapToObj(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    /** What {@link PngRows} decodes itself: 8 bits per sample, not interlaced; anything else goes to ImageIO. */
    boolean rowsSupported() {
        return bitDepth == 8 && !interlaced && width * bytesPerPixel() < Integer.MAX_VALUE / 4;
    }

    /** Bytes per pixel at 8 bits per sample; {@link #header} has refused every other colour type. */
    int bytesPerPixel() {
        return switch (colourType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw new IllegalStateException("colour type " + colourType + " passed the header check");
        };
    }

    private static byte[] palette(byte[] data, int at, int length) throws ImageRejectedException {
        if (length % 3 != 0 || length == 0 || length > 3 * 256) {
            throw corrupt("the PNG palette is " + length + " bytes; it must be 1 to 256 RGB triplets");
        }
        byte[] rgb = Arrays.copyOf(Arrays.copyOfRange(data, at, at + length), 3 * 256);
        return rgb;
    }

    /** The length of the chunk at {@code at}, checked to fit with its type and CRC inside the data. */
    private static int chunkLength(byte[] data, int at) throws ImageRejectedException {
        if (at + 8 > data.length) {
            throw corrupt("the PNG is truncated: it ends at byte " + data.length + " without an IEND chunk");
        }
        long length = readInt(data, at) & 0xffffffffL;
        if (at + 12L + length > data.length) {
            throw corrupt("the PNG is truncated: the chunk at byte " + at + " claims " + length + " bytes, "
                    + Math.max(0, data.length - at - 12) + " remain");
        }
        return (int) length;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static int type(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    static ImageRejectedException corrupt(String message) {
        return new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, message);
    }
}
