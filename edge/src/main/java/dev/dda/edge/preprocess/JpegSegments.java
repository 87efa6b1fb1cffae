package dev.dda.edge.preprocess;

/**
 * Walks a JPEG's markers outside its entropy-coded data. Every segment length is checked against the bytes that are
 * there, so a lying length cannot send a reader outside the array, and every step moves forward, so a loop over
 * markers ends.
 */
final class JpegSegments {
    /** {@link #next} at the end of the data. */
    static final int END = -1;
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;

    private final byte[] data;
    private int pos;
    private int body;
    private int length;

    JpegSegments(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    void moveTo(int at) {
        pos = at;
    }

    /**
     * The next marker's code, {@link #END} at the end of the data. Fill bytes (0xFF) before a marker are allowed;
     * anything else where a marker belongs is refused (libjpeg skips it with a warning).
     */
    int next() throws ImageRejectedException {
        if (pos >= data.length) {
            return END;
        }
        if (data[pos] != (byte) 0xFF) {
            throw ImageRejectedException.corrupt(String.format(
                    "the JPEG has stray data (0x%02X) at byte %d where a marker should be", data[pos] & 0xff, pos));
        }
        while (pos < data.length && data[pos] == (byte) 0xFF) {
            pos++;
        }
        if (pos >= data.length) {
            return END;
        }
        int marker = data[pos++] & 0xff;
        if (marker == 0) {
            throw ImageRejectedException.corrupt("the JPEG has a stuffed 0xFF00 outside entropy-coded data, at byte "
                    + (pos - 2));
        }
        return marker;
    }

    /** Reads the length of the segment after the marker just read and moves past it; see {@link #body}. */
    void segment(int marker) throws ImageRejectedException {
        if (data.length - pos < 2) {
            throw ImageRejectedException.corrupt("the JPEG is truncated in its " + name(marker) + " segment at byte "
                    + pos);
        }
        int declared = JpegTables.u16(data, pos);
        if (declared < 2 || declared > data.length - pos) {
            throw ImageRejectedException.corrupt("the JPEG's " + name(marker) + " segment at byte " + pos
                    + " claims " + declared + " bytes" + (declared < 2 ? "; its length field alone is 2"
                    : ", " + (data.length - pos) + " remain"));
        }
        body = pos + 2;
        length = declared - 2;
        pos += declared;
    }

    /** Offset of the body of the last segment read. */
    int body() {
        return body;
    }

    /** Bytes in the body of the last segment read. */
    int length() {
        return length;
    }

    /** Markers whose segment nothing here needs: APPn, COM, and DNL and DAC, which need nothing of a DC decode. */
    static boolean skippable(int marker) {
        return marker >= 0xE0 && marker <= 0xEF || marker == 0xFE || marker == 0xDC || marker == 0xCC;
    }

    /** The refusal of a marker no JPEG has (libjpeg refuses these too). */
    ImageRejectedException unknown(int marker) {
        return ImageRejectedException.corrupt(String.format("the JPEG has an unknown marker 0xFF%02X at byte %d",
                marker, pos - 2));
    }

    /** Markers without a segment: RSTn and TEM. */
    static boolean standalone(int marker) {
        return marker == 0x01 || marker >= 0xD0 && marker <= 0xD7;
    }

    /** Start-of-frame markers: 0xC0 to 0xCF except DHT (C4), JPG (C8) and DAC (CC). */
    static boolean startOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    static String name(int marker) {
        if (startOfFrame(marker)) {
            return "SOF" + (marker - 0xC0);
        }
        if (marker >= 0xE0 && marker <= 0xEF) {
            return "APP" + (marker - 0xE0);
        }
        if (marker >= 0xD0 && marker <= 0xD7) {
            return "RST" + (marker - 0xD0);
        }
        return switch (marker) {
            case JpegTables.DHT -> "DHT";
            case JpegTables.DQT -> "DQT";
            case JpegTables.DRI -> "DRI";
            case SOI -> "SOI";
            case EOI -> "EOI";
            case SOS -> "SOS";
            case 0xCC -> "DAC";
            case 0xDC -> "DNL";
            case 0xFE -> "COM";
            default -> String.format("0xFF%02X", marker);
        };
    }
}
