package dev.dda.edge.preprocess;

/**
 * The tables a JPEG's scans are decoded with, as its DHT, DQT and DRI segments define them; a later segment
 * replaces a table for the scans that follow it. Only the DC quantiser of each quantisation table is kept: the DC
 * fast path dequantises nothing else.
 */
final class JpegTables {
    static final int DHT = 0xC4;
    static final int DQT = 0xDB;
    static final int DRI = 0xDD;

    private final JpegHuffman[] dc;
    private final JpegHuffman[] ac;
    /** First entry of each quantisation table; -1 while the table is not defined. */
    private final int[] dcQuantiser;
    private int restartInterval;

    JpegTables() {
        this(new JpegHuffman[4], new JpegHuffman[4], new int[] {-1, -1, -1, -1}, 0);
    }

    private JpegTables(JpegHuffman[] dc, JpegHuffman[] ac, int[] dcQuantiser, int restartInterval) {
        this.dc = dc;
        this.ac = ac;
        this.dcQuantiser = dcQuantiser;
        this.restartInterval = restartInterval;
    }

    /** A copy to decode with: the tables read from the header stay as they were. */
    JpegTables copy() {
        return new JpegTables(dc.clone(), ac.clone(), dcQuantiser.clone(), restartInterval);
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

    JpegHuffman dc(int id) {
        return dc[id];
    }

    JpegHuffman ac(int id) {
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
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                total += data[at + length] & 0xff;
            }
            if (total > 256 || end - at - 17 < total) {
                throw ImageRejectedException.corrupt("the JPEG's Huffman table " + name + " is invalid: it counts "
                        + total + " codes, " + (total > 256 ? "more than 256 symbols exist"
                        : "the segment holds only " + (end - at - 17) + " symbols"));
            }
            JpegHuffman table = JpegHuffman.of(data, at + 1, total, tableClass == 0, name);
            (tableClass == 0 ? dc : ac)[id] = table;
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
