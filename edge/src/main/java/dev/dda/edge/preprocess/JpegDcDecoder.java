package dev.dda.edge.preprocess;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a sequential Huffman JPEG at 1/8 scale from its DC coefficients alone (what libjpeg's scale 1/8 does):
 * a block's dequantised DC coefficient is 8 times its mean less 128, so the DC values are the image area-averaged
 * over 8x8 blocks. Every AC coefficient must still be entropy-decoded to find where the next block starts, but none
 * is dequantised or transformed, and nothing the size of the image is allocated: memory is one value per block.
 *
 * <p>Interleaved scans and non-interleaved ones (one component per scan, as some encoders write even baseline
 * files) are both decoded; tables may be redefined between scans. Restart intervals reset the DC predictions at each
 * RSTn marker, which must come in sequence. Whatever does not fit the format (a code no table defines, a block with
 * more than 64 coefficients, a missing restart marker, extraneous bytes, data cut short) is refused as corrupt
 * rather than patched over as libjpeg does: an image with a missing part must not be classified.
 */
final class JpegDcDecoder {
    /** Blocks an interleaved MCU may hold (ITU T.81 B.2.3). */
    private static final int MAX_BLOCKS_PER_MCU = 10;

    private final JpegImage jpeg;
    private final byte[] data;
    private final JpegImage.Frame frame;
    private final JpegTables tables;
    private final short[][] planes;
    private final int[] strides;
    private final boolean[] scanned;

    private JpegDcDecoder(JpegImage jpeg) {
        this.jpeg = jpeg;
        this.data = jpeg.data();
        this.frame = jpeg.frame();
        this.tables = jpeg.tables().copy();
        int n = frame.components().size();
        this.planes = new short[n][];
        this.strides = new int[n];
        this.scanned = new boolean[n];
        for (int i = 0; i < n; i++) {
            JpegImage.Component c = frame.components().get(i);
            strides[i] = frame.mcusAcross() * c.h();
            planes[i] = new short[strides[i] * frame.mcusDown() * c.v()];
        }
    }

    /** The DC image of a JPEG whose header {@link JpegImage#parse} read and found supported. */
    static JpegDcImage decode(JpegImage jpeg) throws ImageRejectedException {
        return new JpegDcDecoder(jpeg).decode();
    }

    private JpegDcImage decode() throws ImageRejectedException {
        JpegSegments segments = new JpegSegments(data, jpeg.scan());
        int left = planes.length;
        int marker = JpegSegments.SOS;
        // each scan decodes at least one component not decoded before, so this loop ends after at most 3 scans
        while (true) {
            if (marker == JpegSegments.SOS) {
                segments.segment(marker);
                left -= scan(segments.body(), segments.length(), segments, left);
                if (left == 0) {
                    // what follows the last scan (EOI, trailers) is not needed
                    return image();
                }
            } else if (marker == JpegSegments.END || marker == JpegSegments.EOI) {
                throw ImageRejectedException.corrupt("the JPEG " + (marker == JpegSegments.END ? "is truncated: it ends"
                        : "ends (EOI)") + " before every component is decoded; " + left + " of " + planes.length
                        + " have no scan");
            } else if (JpegTables.defines(marker)) {
                segments.segment(marker);
                tables.read(marker, data, segments.body(), segments.length());
            } else if (JpegSegments.startOfFrame(marker) || marker == JpegSegments.SOI) {
                throw ImageRejectedException.corrupt("the JPEG has a second " + JpegSegments.name(marker)
                        + " marker, at byte " + (segments.position() - 2));
            } else if (JpegSegments.skippable(marker)) {
                segments.segment(marker);
            } else if (!JpegSegments.standalone(marker)) {
                throw segments.unknown(marker);
            }
            marker = segments.next();
        }
    }

    /** One component of a scan, with the tables it is decoded with and its running DC prediction. */
    private static final class ScanComponent {
        final JpegHuffman dc;
        final JpegHuffman ac;
        final int quantiser;
        final int h;
        final int v;
        final short[] plane;
        final int stride;
        int prediction;

        ScanComponent(JpegHuffman dc, JpegHuffman ac, int quantiser, int h, int v, short[] plane, int stride) {
            this.dc = dc;
            this.ac = ac;
            this.quantiser = quantiser;
            this.h = h;
            this.v = v;
            this.plane = plane;
            this.stride = stride;
        }
    }

    /**
     * Decodes the scan whose header is {@code length} bytes at {@code at}, leaves {@code segments} at the marker
     * after its data, and returns how many components it decoded ({@code left} were still to decode).
     */
    private int scan(int at, int length, JpegSegments segments, int left) throws ImageRejectedException {
        List<ScanComponent> components = header(at, length);
        JpegBits bits = new JpegBits(data, at + length);
        ScanComponent[] scan = components.toArray(new ScanComponent[0]);
        int across;
        int down;
        if (scan.length == 1) {
            // a non-interleaved scan covers only the component's own blocks, one block per MCU
            across = JpegImage.ceilDiv(JpegImage.ceilDiv(frame.width() * scan[0].h, frame.maxH()), 8);
            down = JpegImage.ceilDiv(JpegImage.ceilDiv(frame.height() * scan[0].v, frame.maxV()), 8);
        } else {
            across = frame.mcusAcross();
            down = frame.mcusDown();
        }
        int interval = tables.restartInterval();
        int untilRestart = interval;
        int restarts = 0;
        for (int my = 0; my < down; my++) {
            for (int mx = 0; mx < across; mx++) {
                if (interval > 0) {
                    if (untilRestart == 0) {
                        restart(bits, restarts++ & 7);
                        for (ScanComponent c : scan) {
                            c.prediction = 0;
                        }
                        untilRestart = interval;
                    }
                    untilRestart--;
                }
                if (scan.length == 1) {
                    block(bits, scan[0], my * scan[0].stride + mx);
                } else {
                    for (ScanComponent c : scan) {
                        for (int by = 0; by < c.v; by++) {
                            int row = (my * c.v + by) * c.stride + mx * c.h;
                            for (int bx = 0; bx < c.h; bx++) {
                                block(bits, c, row + bx);
                            }
                        }
                    }
                }
                if (bits.overrun()) {
                    throw ImageRejectedException.corrupt(bits.truncation());
                }
            }
        }
        // after the last scan every block is decoded: bytes some encoders leave before EOI are ignored, as libjpeg
        // and ImageIO ignore them (with a warning); before another scan they would be read as its data, so refused
        if (scan.length < left) {
            checkNoExtraneousBytes(bits, "at the end of a scan");
        }
        segments.moveTo(bits.position());
        return scan.length;
    }

    /** The scan header: its components and their tables, every reference checked. */
    private List<ScanComponent> header(int at, int length) throws ImageRejectedException {
        int count = length >= 1 ? data[at] & 0xff : 0;
        if (count < 1 || count > 4 || length != 4 + 2 * count) {
            throw ImageRejectedException.corrupt("the JPEG's scan header (SOS) is " + length + " bytes long for "
                    + count + " components; it must be 4 + 2 per component, for 1 to 4 components");
        }
        List<ScanComponent> components = new ArrayList<>(count);
        int blocks = 0;
        for (int i = 0, c = at + 1; i < count; i++, c += 2) {
            int id = data[c] & 0xff;
            int index = componentIndex(id);
            if (index < 0) {
                throw ImageRejectedException.corrupt("the JPEG's scan refers to component " + id
                        + ", which its frame header does not define");
            }
            if (scanned[index]) {
                throw ImageRejectedException.corrupt("the JPEG scans component " + id
                        + " twice; a sequential JPEG scans each component once");
            }
            scanned[index] = true;
            JpegImage.Component component = frame.components().get(index);
            int dcId = (data[c + 1] & 0xff) >> 4;
            int acId = data[c + 1] & 0x0f;
            JpegHuffman dc = dcId < 4 ? tables.dc(dcId) : null;
            JpegHuffman ac = acId < 4 ? tables.ac(acId) : null;
            if (dc == null || ac == null) {
                throw ImageRejectedException.corrupt("the JPEG's scan decodes component " + id + " with "
                        + (dc == null ? "DC Huffman table " + dcId : "AC Huffman table " + acId)
                        + ", which is not defined");
            }
            int quantiser = tables.dcQuantiser(component.quantTable());
            if (quantiser < 0) {
                throw ImageRejectedException.corrupt("the JPEG's component " + id + " uses quantisation table "
                        + component.quantTable() + ", which is not defined");
            }
            blocks += component.h() * component.v();
            components.add(new ScanComponent(dc, ac, quantiser, component.h(), component.v(), planes[index],
                    strides[index]));
        }
        if (count > 1 && blocks > MAX_BLOCKS_PER_MCU) {
            throw ImageRejectedException.corrupt("the JPEG's scan has " + blocks + " blocks in each MCU; at most "
                    + MAX_BLOCKS_PER_MCU + " are allowed");
        }
        // Ss, Se, Ah, Al are 0, 63, 0, 0 in a sequential scan; libjpeg ignores other values, so does this
        return components;
    }

    private int componentIndex(int id) {
        for (int i = 0; i < frame.components().size(); i++) {
            if (frame.components().get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    /** One block: its DC coefficient decoded and stored as a block mean, its AC coefficients read past. */
    private static void block(JpegBits bits, ScanComponent c, int index) throws ImageRejectedException {
        c.prediction += bits.block(c.dc, c.ac);
        // hostile data may overflow this; the clamp keeps any result a level
        int level = c.prediction * c.quantiser + 1024;
        c.plane[index] = (short) Math.max(0, Math.min(JpegDcImage.MAX, level));
    }

    /** At a restart interval's end: the data must go on with restart marker RSTn, which starts a new segment. */
    private void restart(JpegBits bits, int n) throws ImageRejectedException {
        checkNoExtraneousBytes(bits, "before restart marker RST" + n);
        int at = bits.position();
        while (at + 1 < data.length && data[at] == (byte) 0xFF && data[at + 1] == (byte) 0xFF) {
            at++;
        }
        if (at + 1 >= data.length) {
            throw ImageRejectedException.corrupt("the JPEG is truncated in its entropy-coded data (the data ends at "
                    + "byte " + data.length + ", where restart marker RST" + n + " is due)");
        }
        if (data[at] != (byte) 0xFF || (data[at + 1] & 0xff) != 0xD0 + n) {
            throw ImageRejectedException.corrupt(String.format("the JPEG's restart marker RST%d is missing at byte "
                    + "%d (found 0x%02X%02X)", n, at, data[at] & 0xff, data[at + 1] & 0xff));
        }
        bits.restartAt(at + 2);
    }

    private static void checkNoExtraneousBytes(JpegBits bits, String where) throws ImageRejectedException {
        int unused = bits.unusedBytes();
        if (unused > 0) {
            throw ImageRejectedException.corrupt("the JPEG has " + unused + " extraneous bytes of entropy-coded data "
                    + where);
        }
    }

    private JpegDcImage image() {
        List<JpegDcImage.Plane> out = new ArrayList<>(planes.length);
        for (int i = 0; i < planes.length; i++) {
            JpegImage.Component c = frame.components().get(i);
            out.add(new JpegDcImage.Plane(planes[i], strides[i], frame.maxH() / c.h() - 1, frame.maxV() / c.v() - 1));
        }
        return new JpegDcImage(jpeg.dcWidth(), jpeg.dcHeight(), List.copyOf(out));
    }
}
