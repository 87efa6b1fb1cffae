package dev.dda.edge.preprocess;

/**
 * PNG's five row filters undone in place (PNG spec, section 9). A row is its filter type byte followed by the
 * filtered bytes; {@code bpp} is the bytes per pixel (the distance to "the byte on the left").
 */
final class Unfilter {
    private Unfilter() {}

    /** Unfilters {@code row}; {@code prev} is the row above, already unfiltered (may be null for None and Sub). */
    static void row(byte[] row, byte[] prev, int stride, int bpp) {
        switch (row[0]) {
            case 0 -> { }
            case 1 -> sub(row, stride, bpp);
            case 2 -> up(row, prev, stride);
            case 3 -> average(row, prev, stride, bpp);
            case 4 -> paeth(row, prev, stride, bpp);
            default -> throw new IllegalArgumentException("filter type " + row[0]);
        }
    }

    private static void sub(byte[] row, int stride, int bpp) {
        for (int i = 1 + bpp; i < stride; i++) {
            row[i] += row[i - bpp];
        }
    }

    private static void up(byte[] row, byte[] prev, int stride) {
        for (int i = 1; i < stride; i++) {
            row[i] += prev[i];
        }
    }

    private static void average(byte[] row, byte[] prev, int stride, int bpp) {
        int first = Math.min(stride, 1 + bpp);
        for (int i = 1; i < first; i++) {
            row[i] += (prev[i] & 0xff) >>> 1;
        }
        for (int i = first; i < stride; i++) {
            row[i] += ((row[i - bpp] & 0xff) + (prev[i] & 0xff)) >>> 1;
        }
    }

    private static void paeth(byte[] row, byte[] prev, int stride, int bpp) {
        int first = Math.min(stride, 1 + bpp);
        for (int i = 1; i < first; i++) {
            row[i] += prev[i];
        }
        for (int i = first; i < stride; i++) {
            int a = row[i - bpp] & 0xff;
            int b = prev[i] & 0xff;
            int c = prev[i - bpp] & 0xff;
            int pa = Math.abs(b - c);
            int pb = Math.abs(a - c);
            int pc = Math.abs(a + b - 2 * c);
            int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            row[i] += predictor;
        }
    }
}
