package dev.dda.edge.preprocess;

import java.util.Arrays;

/**
 * The tables a JPEG's scans are decoded with, as its DHT, DQT and DRI segments define them; a later segment
 * replaces a table for the scans that follow it. Only the DC quantiser of each quantisation table is kept: the DC
 * fast path dequantises nothing else.
 */
final class JpegTables {
    static final int DHT = 0xC4;
    static final int DQT = 0xDB;
    static final int DRI = 0xDD;

    /** Each Huffman table as defined (checked, not built): its 16 code counts, then its symbols; null if none. */
    private final byte[][] dcDefined;
    private final byte[][] acDefined;
    /** The tables built from those, when a scan first uses them. */
    private final JpegHuffman[] dc;
    private final JpegHuffman[] ac;
    /** First entry of each quantisation table; -1 while the table is not defined. */
    private final int[] dcQuantiser;
    private int restartInterval;

    JpegTables() {
        this(new byte[4][], new byte[4][], new int[] {-1, -1, -1, -1}, 0);
    }

    private JpegTables(byte[][] dcDefined, byte[][] acDefined, int[] dcQuantiser, int restartInterval) {
        this.dcDefined = dcDefined;
        this.acDefined = acDefined;
        this.dc = new JpegHuffman[4];
        this.ac = new JpegHuffman[4];
        this.dcQuantiser = dcQuantiser;
        this.restartInterval = restartInterval;
    }

    /** A copy to decode with: the tables read from the header stay as they were. */
    JpegTables copy() {
        return new JpegTables(dcDefined.clone(), acDefined.clone(), dcQuantiser.clone(), restartInterval);
    }

    static boolean defines(int marker) {
        return marker == DHT || marker == DQT || marker == DRI;
    }

    /** Reads a DHT, DQT or DRI segment whose body is {@code length} bytes at {@code at}. */
    void read(int marker, byte[] data, int at, int length) throws ImageRejectedException {
        switch (marker) {
            case DHT -> huffman(data, at, at + length);
            case DQT -> quantisation(data, at, at + length);
            default -> {
                if (length != 2) {
                    throw ImageRejectedException.corrupt("the JPEG's restart interval segment (DRI) is " + length
                            + " bytes long; it must be 2");
                }
                restartInterval = u16(data, at);
            }
        }
    }

    /** DC table {@code id} (0..3), built; null if not defined. */
    JpegHuffman dc(int id) throws ImageRejectedException {
        if (dc[id] == null && dcDefined[id] != null) {
            dc[id] = JpegHuffman.of(dcDefined[id], true);
        }
        return dc[id];
    }

    /** AC table {@code id} (0..3), built; null if not defined. */
    JpegHuffman ac(int id) throws ImageRejectedException {
        if (ac[id] == null && acDefined[id] != null) {
            ac[id] = JpegHuffman.of(acDefined[id], false);
        }
        return ac[id];
    }

    int dcQuantiser(int id) {
        return dcQuantiser[id];
    }

    /** MCUs between restart markers; 0: none. */
    int restartInterval() {
        return restartInterval;
    }

    private void huffman(byte[] data, int at, int end) throws ImageRejectedException {
        while (at < end) {
            int tableClass = (data[at] & 0xff) >> 4;
            int id = data[at] & 0x0f;
            String name = (tableClass == 0 ? "DC " : "AC ") + id;
            if (tableClass > 1 || id > 3) {
                throw ImageRejectedException.corrupt(String.format(
                        "the JPEG's Huffman table segment (DHT) names table class %d, id %d; only classes 0-1 "
                                + "and ids 0-3 exist", tableClass, id));
            }
            if (end - at < 17) {
                throw ImageRejectedException.corrupt("the JPEG's Huffman table " + name
                        + " is invalid: its segment ends inside the code counts");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = data[at + length] & 0xff;
                total += counts[length];
            }
            if (total > 256 || end - at - 17 < total) {
                throw ImageRejectedException.corrupt("the JPEG's Huffman table " + name + " is invalid: it counts "
                        + total + " codes, " + (total > 256 ? "more than 256 symbols exist"
                        : "the segment holds only " + (end - at - 17) + " symbols"));
            }
            JpegHuffman.check(counts, Arrays.copyOfRange(data, at + 17, at + 17 + total), tableClass == 0, name);
            (tableClass == 0 ? dcDefined : acDefined)[id] = Arrays.copyOfRange(data, at + 1, at + 17 + total);
            (tableClass == 0 ? dc : ac)[id] = null;
            at += 17 + total;
        }
    }

    private void quantisation(byte[] data, int at, int end) throws ImageRejectedException {
        while (at < end) {
            int precision = (data[at] & 0xff) >> 4;
            int id = data[at] & 0x0f;
            if (precision > 1 || id > 3) {
                throw ImageRejectedException.corrupt(String.format("the JPEG's quantisation table segment (DQT) "
                        + "names precision %d, table %d; only precisions 0-1 (8 or 16 bits) and tables 0-3 exist",
                        precision, id));
            }
            int size = 1 + 64 * (precision + 1);
            if (end - at < size) {
                throw ImageRejectedException.corrupt("the JPEG's quantisation table " + id
                        + " is invalid: its segment ends " + (size - (end - at)) + " bytes short of its 64 values");
            }
            dcQuantiser[id] = precision == 0 ? data[at + 1] & 0xff : u16(data, at + 1);
            at += size;
        }
    }

    static int u16(byte[] data, int at) {
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }
}
