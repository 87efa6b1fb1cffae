package dev.dda.edge.preprocess;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JPEG's header, read from its markers up to its first scan without decoding anything: the frame (size and
 * components), the tables defined so far, where the first scan starts, and whether {@link JpegDcDecoder} can decode
 * it. The size is known before a byte of pixel data is looked at, so a decompression bomb is refused first.
 *
 * @param scan offset of the first scan's header, just after its SOS marker
 * @param unsupported why the DC fast path leaves this JPEG to ImageIO; null when it decodes it
 */
record JpegImage(byte[] data, Frame frame, JpegTables tables, int scan, String unsupported) {
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;

    /** One component of the frame: its id, sampling factors and quantisation table. */
    record Component(int id, int h, int v, int quantTable) {}

    /** A frame header (SOFn). */
    record Frame(int marker, int precision, int width, int height, List<Component> components) {
        int maxH() {
            return components.stream().mapToInt(Component::h).max().orElse(1);
        }

        int maxV() {
            return components.stream().mapToInt(Component::v).max().orElse(1);
        }

        /** MCUs of an interleaved scan across the image. */
        int mcusAcross() {
            return ceilDiv(width, 8 * maxH());
        }

        int mcusDown() {
            return ceilDiv(height, 8 * maxV());
        }
    }

    /** What ImageIO's JPEG reader recognises: SOI and the start of a marker. */
    static boolean isJpeg(byte[] data) {
        return data.length >= 3 && data[0] == (byte) 0xFF && data[1] == (byte) 0xD8 && data[2] == (byte) 0xFF;
    }

    /** Width of the DC image: one pixel for each 8x8 block of the full image, a partial edge block included. */
    int dcWidth() {
        return ceilDiv(frame.width(), 8);
    }

    int dcHeight() {
        return ceilDiv(frame.height(), 8);
    }

    /**
     * True when the DC image has at least {@code width} x {@code height} blocks of each component the model's
     * {@code channels} use: a model input made from fewer would lose detail that ImageIO's decode keeps. A grey model
     * uses the luma alone (ITU-R 601 grey of the JFIF colour equations is Y), a colour model the chroma too, which
     * 4:2:0 sampling halves along both axes.
     */
    boolean dcFits(int width, int height, int channels) {
        List<Component> used = channels == 1 ? frame.components().subList(0, 1) : frame.components();
        for (Component c : used) {
            int across = ceilDiv(ceilDiv(frame.width() * c.h(), frame.maxH()), 8);
            int down = ceilDiv(ceilDiv(frame.height() * c.v(), frame.maxV()), 8);
            if (across < width || down < height) {
                return false;
            }
        }
        return true;
    }

    /** The header of {@code data}, which {@link #isJpeg} accepted. */
    static JpegImage parse(byte[] data) throws ImageRejectedException {
        JpegSegments segments = new JpegSegments(data, 2);
        JpegTables tables = new JpegTables();
        Frame frame = null;
        boolean jfif = false;
        int adobeTransform = -1;
        while (true) {
            int marker = segments.next();
            if (marker == JpegSegments.END || marker == JpegSegments.EOI) {
                throw ImageRejectedException.corrupt("the JPEG ends before its first scan (no SOS marker)");
            }
            if (marker == JpegSegments.SOS) {
                if (frame == null) {
                    throw ImageRejectedException.corrupt("the JPEG's first scan comes before its frame header "
                            + "(no SOF marker)");
                }
                return new JpegImage(data, frame, tables, segments.position(),
                        colourUnsupported(frame, jfif, adobeTransform));
            }
            if (JpegSegments.standalone(marker)) {
                continue;
            }
            if (marker == JpegSegments.SOI) {
                throw ImageRejectedException.corrupt("the JPEG has a second SOI marker at byte "
                        + (segments.position() - 2));
            }
            if (!JpegSegments.startOfFrame(marker) && !JpegTables.defines(marker) && !JpegSegments.skippable(marker)) {
                throw segments.unknown(marker);
            }
            segments.segment(marker);
            int at = segments.body();
            int length = segments.length();
            if (JpegSegments.startOfFrame(marker)) {
                if (frame != null) {
                    throw ImageRejectedException.corrupt("the JPEG has a second frame header ("
                            + JpegSegments.name(marker) + ")");
                }
                frame = frame(marker, data, at, length);
                String unsupported = frameUnsupported(frame);
                if (unsupported != null) {
                    // ImageIO decodes it or says what is wrong: nothing after this is checked here
                    return new JpegImage(data, frame, tables, -1, unsupported);
                }
            } else if (JpegTables.defines(marker)) {
                tables.read(marker, data, at, length);
            } else if (marker == APP0 && startsWith(data, at, length, "JFIF\0")) {
                jfif = true;
            } else if (marker == APP14 && length >= 12 && startsWith(data, at, length, "Adobe")) {
                adobeTransform = data[at + 11] & 0xff;
            }
        }
    }

    private static Frame frame(int marker, byte[] data, int at, int length) throws ImageRejectedException {
        String name = JpegSegments.name(marker);
        int count = length >= 6 ? data[at + 5] & 0xff : 0;
        if (length < 6 || count == 0 || length != 6 + 3 * count) {
            throw ImageRejectedException.corrupt("the JPEG's frame header (" + name + ") is " + length
                    + " bytes long for " + count + " components; it must be 6 + 3 per component, with at least one");
        }
        List<Component> components = new ArrayList<>(count);
        for (int i = 0, c = at + 6; i < count; i++, c += 3) {
            int sampling = data[c + 1] & 0xff;
            int table = data[c + 2] & 0xff;
            if (table > 3) {
                throw ImageRejectedException.corrupt("the JPEG's frame header gives component " + (data[c] & 0xff)
                        + " quantisation table " + table + "; only tables 0-3 exist");
            }
            components.add(new Component(data[c] & 0xff, sampling >> 4, sampling & 0x0f, table));
        }
        return new Frame(marker, data[at] & 0xff, JpegTables.u16(data, at + 3), JpegTables.u16(data, at + 1),
                List.copyOf(components));
    }

    /**
     * What no decoder here reads, neither the DC decoder nor ImageIO's libjpeg (which takes sequential and
     * progressive JPEGs, Huffman or arithmetic coded, with 8-bit samples and 1, 3 or 4 components); null when one
     * does. Such a file is a valid JPEG of a kind the service does not take, not a corrupt one: a client should
     * convert it, not retry it.
     */
    String undecodable() {
        int marker = frame.marker();
        String name = JpegSegments.name(marker);
        if (marker == 0xC3 || marker == 0xCB) {
            return "a lossless JPEG (" + name + ")";
        }
        if (marker >= 0xC5 && marker <= 0xC7 || marker >= 0xCD) {
            return "a hierarchical JPEG (" + name + ")";
        }
        if (frame.precision() != 8) {
            return "a JPEG with " + frame.precision() + "-bit samples";
        }
        int count = frame.components().size();
        return count == 2 || count > 4 ? "a JPEG with " + count + " components" : null;
    }

    /** What the DC decoder does not decode, from the frame header alone; null when it does. */
    private static String frameUnsupported(Frame frame) {
        if (frame.marker() != 0xC0 && frame.marker() != 0xC1) {
            return JpegSegments.name(frame.marker()) + " (only baseline and extended sequential Huffman JPEGs, "
                    + "SOF0 and SOF1, are decoded from their DC coefficients)";
        }
        if (frame.precision() != 8) {
            return frame.precision() + "-bit samples";
        }
        int count = frame.components().size();
        if (count != 1 && count != 3) {
            return count + " components";
        }
        Set<Integer> ids = new HashSet<>();
        for (Component c : frame.components()) {
            if (c.h() < 1 || c.h() > 2 || c.v() < 1 || c.v() > 2) {
                return "sampling factors " + c.h() + "x" + c.v();
            }
            if (!ids.add(c.id())) {
                return "component id " + c.id() + " used twice";
            }
        }
        return null;
    }

    /**
     * Three components are YCbCr when a JFIF marker says so, or an Adobe marker with transform 1. Without either,
     * ImageIO's reader (unlike libjpeg, which goes by the ids) takes subsampled chroma for YCbCr and full-resolution
     * components for RGB stored as is; the fast path follows it, for the usual ids 1, 2, 3 only, so a file gives
     * the same colours on both paths. Everything else is left to ImageIO.
     */
    private static String colourUnsupported(Frame frame, boolean jfif, int adobeTransform) {
        if (frame.components().size() != 3) {
            return null;
        }
        if (adobeTransform >= 0) {
            return adobeTransform == 1 ? null : "an Adobe marker with colour transform " + adobeTransform;
        }
        if (jfif) {
            return null;
        }
        List<Component> c = frame.components();
        if (c.get(0).id() != 1 || c.get(1).id() != 2 || c.get(2).id() != 3) {
            return "no JFIF or Adobe marker and component ids " + c.get(0).id() + ", " + c.get(1).id() + ", "
                    + c.get(2).id();
        }
        Component y = c.get(0);
        boolean chromaSubsampled = c.get(1).h() == c.get(2).h() && c.get(1).v() == c.get(2).v()
                && y.h() >= c.get(1).h() && y.v() >= c.get(1).v() && (y.h() > c.get(1).h() || y.v() > c.get(1).v());
        return chromaSubsampled ? null : "no JFIF or Adobe marker and no chroma subsampling (ImageIO reads it as RGB)";
    }

    private static boolean startsWith(byte[] data, int at, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[at + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
