package dev.dda.edge.preprocess;

/**
 * A raw 8-bit camera frame as binary PGM (P5, grey: a Mono8 camera) or PPM (P6, RGB: an RGB8 camera), the
 * uncompressed formats that GStreamer, OpenCV and Pillow write. A frame costs nothing to decode: the resize reads
 * its bytes where they lie. The header is a magic number and three decimal numbers (width, height, largest sample
 * value) separated by whitespace or {@code #} comments, then one whitespace byte, then the pixels row by row.
 *
 * @param pixels offset in {@code data} of the first pixel byte
 */
record PnmImage(byte[] data, long width, long height, int channels, int pixels) {
    /** Digits a header number may have: 9 keep it inside an int, and no camera needs more. */
    private static final int MAX_DIGITS = 9;

    /** "P" and a digit 1 to 7: every member of the family, so that the unsupported ones get a clear answer. */
    static boolean isPnm(byte[] data) {
        return data.length >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '7';
    }

    /**
     * The header of {@code data}, which starts with a PNM magic number; the pixel bytes are not looked at, so the
     * caller can refuse a frame of no pixels or too many first, as it does every format's (see {@link #checkLength}).
     */
    static PnmImage header(byte[] data) throws ImageRejectedException {
        int channels = switch (data[1]) {
            case '5' -> 1;
            case '6' -> 3;
            case '1', '2', '3' -> throw unsupported("PNM type P" + (char) data[1]
                    + " (plain text) is not supported; send binary PGM (P5) or PPM (P6)");
            default -> throw unsupported("PNM type P" + (char) data[1]
                    + " is not supported; send binary PGM (P5) or PPM (P6) with 8-bit samples");
        };
        Reader r = new Reader(data);
        long width = r.number("width");
        long height = r.number("height");
        long maxValue = r.number("largest sample value");
        if (maxValue != 255) {
            throw unsupported("the PNM frame's largest sample value is " + maxValue
                    + "; only 8-bit samples (255) are supported");
        }
        if (r.at >= data.length || !isSpace(data[r.at])) {
            throw corrupt("the PNM header must end with one whitespace byte after the largest sample value");
        }
        return new PnmImage(data, width, height, channels, r.at + 1);
    }

    /** Refuses a frame with fewer pixel bytes than its header promises. Bytes after them are ignored. */
    void checkLength() throws ImageRejectedException {
        long needed = width * height * channels;
        long present = data.length - (long) pixels;
        if (present < needed) {
            throw corrupt("the PNM frame is truncated: it holds " + present + " of the " + needed
                    + " pixel bytes its " + width + "x" + height + " header promises");
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int at = 2;

        Reader(byte[] data) {
            this.data = data;
        }

        long number(String what) throws ImageRejectedException {
            skipSpaceAndComments();
            int start = at;
            long value = 0;
            while (at < data.length && data[at] >= '0' && data[at] <= '9' && at - start < MAX_DIGITS) {
                value = value * 10 + (data[at++] - '0');
            }
            if (at == start || (at < data.length && data[at] >= '0' && data[at] <= '9')) {
                throw corrupt("the PNM header's " + what + " is missing or not a number of up to " + MAX_DIGITS
                        + " digits (at byte " + start + ")");
            }
            return value;
        }

        private void skipSpaceAndComments() {
            while (at < data.length) {
                if (data[at] == '#') {
                    while (at < data.length && data[at] != '\n' && data[at] != '\r') {
                        at++;
                    }
                } else if (isSpace(data[at])) {
                    at++;
                } else {
                    return;
                }
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static ImageRejectedException corrupt(String message) {
        return new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, message);
    }

    private static ImageRejectedException unsupported(String message) {
        return new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT, message);
    }
}
