package dev.dda.edge.preprocess;

/**
 * PNG's five row filters undone in place (PNG spec, section 9). Rows lie back to back in one buffer, each its filter
 * type byte followed by the filtered bytes, so the row above starts {@code stride} bytes earlier; {@code bpp} is
 * the bytes per pixel (the distance to "the byte on the left").
 */
final class Unfilter {
    private Unfilter() {}

    /**
     * Unfilters the row whose filter type byte is at {@code at}; the row above must be unfiltered already unless the
     * filter is None or Sub, which do not read it.
     */
    static void row(byte[] b, int at, int stride, int bpp) {
        int end = at + stride;
        int up = at - stride;
        switch (b[at]) {
            case 0 -> { }
            case 1 -> sub(b, at + 1, end, bpp);
            case 2 -> up(b, at + 1, end, up + 1);
            case 3 -> average(b, at + 1, end, up + 1, bpp);
            case 4 -> paeth(b, at + 1, end, up + 1, bpp);
            default -> throw new IllegalArgumentException("filter type " + b[at]);
        }
    }

    /**
     * Sub: each byte plus the one a pixel to its left, a running sum per channel. The sums are kept in locals for
     * the common pixel sizes rather than read back from the array, which would chain every byte on a store.
     */
    private static void sub(byte[] b, int from, int end, int bpp) {
        switch (bpp) {
            case 1 -> sub1(b, from, end);
            case 3 -> sub3(b, from, end);
            case 4 -> sub4(b, from, end);
            default -> {
                for (int i = from + bpp; i < end; i++) {
                    b[i] += b[i - bpp];
                }
            }
        }
    }

    private static void sub1(byte[] b, int from, int end) {
        int v = 0;
        for (int i = from; i < end; i++) {
            v += b[i];
            b[i] = (byte) v;
        }
    }

    private static void sub3(byte[] b, int from, int end) {
        int r = 0;
        int g = 0;
        int bl = 0;
        for (int i = from; i + 2 < end; i += 3) {
            r += b[i];
            g += b[i + 1];
            bl += b[i + 2];
            b[i] = (byte) r;
            b[i + 1] = (byte) g;
            b[i + 2] = (byte) bl;
        }
    }

    private static void sub4(byte[] b, int from, int end) {
        int r = 0;
        int g = 0;
        int bl = 0;
        int a = 0;
        for (int i = from; i + 3 < end; i += 4) {
            r += b[i];
            g += b[i + 1];
            bl += b[i + 2];
            a += b[i + 3];
            b[i] = (byte) r;
            b[i + 1] = (byte) g;
            b[i + 2] = (byte) bl;
            b[i + 3] = (byte) a;
        }
    }

    private static void up(byte[] b, int from, int end, int up) {
        for (int i = from, j = up; i < end; i++, j++) {
            b[i] += b[j];
        }
    }

    private static void average(byte[] b, int from, int end, int up, int bpp) {
        int first = Math.min(end, from + bpp);
        for (int i = from, j = up; i < first; i++, j++) {
            b[i] += (b[j] & 0xff) >>> 1;
        }
        for (int i = first, j = up + bpp; i < end; i++, j++) {
            b[i] += ((b[i - bpp] & 0xff) + (b[j] & 0xff)) >>> 1;
        }
    }

    private static void paeth(byte[] b, int from, int end, int up, int bpp) {
        int first = Math.min(end, from + bpp);
        for (int i = from, j = up; i < first; i++, j++) {
            b[i] += b[j];
        }
        for (int i = first, j = up + bpp; i < end; i++, j++) {
            int a = b[i - bpp] & 0xff;
            int above = b[j] & 0xff;
            int c = b[j - bpp] & 0xff;
            int pa = Math.abs(above - c);
            int pb = Math.abs(a - c);
            int pc = Math.abs(a + above - 2 * c);
            b[i] += pa <= pb && pa <= pc ? a : pb <= pc ? above : c;
        }
    }
}
