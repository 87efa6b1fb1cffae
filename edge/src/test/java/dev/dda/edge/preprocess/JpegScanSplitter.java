package dev.dda.edge.preprocess;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a baseline JPEG with one interleaved scan (what ImageIO's writer makes) losslessly into one scan per
 * component, optionally with a restart interval, which ImageIO cannot write: every coefficient is Huffman-decoded
 * and coded again with the file's own tables. ImageIO decodes the result to the same pixels as the original, which
 * the tests check, so the rewrite is known to be right.
 */
final class JpegScanSplitter {
    private final byte[] in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[][][] codes = new int[2][4][];
    private final int[][][] lengths = new int[2][4][];
    private final JpegHuffman[][] decoders = new JpegHuffman[2][4];
    private int width;
    private int height;
    private int[] ids;
    private int[] h;
    private int[] v;

    private JpegScanSplitter(byte[] in) {
        this.in = in;
    }

    /** {@code jpeg} with each component in its own scan, a restart marker every {@code interval} blocks (0: none). */
    static byte[] split(byte[] jpeg, int interval) throws ImageRejectedException {
        return new JpegScanSplitter(jpeg).run(interval);
    }

    private byte[] run(int interval) throws ImageRejectedException {
        out.write(0xFF);
        out.write(0xD8);
        int at = 2;
        while (true) {
            int marker = in[at + 1] & 0xff;
            int length = JpegTables.u16(in, at + 2);
            int body = at + 4;
            if (marker == 0xDA) {
                List<int[][]> blocks = decode(body, length - 2);
                if (interval > 0) {
                    out.write(new byte[] {(byte) 0xFF, (byte) 0xDD, 0, 4, (byte) (interval >> 8), (byte) interval},
                            0, 6);
                }
                for (int c = 0; c < ids.length; c++) {
                    writeScan(c, blocks.get(c), in[body + 2 + 2 * c] & 0xff, interval);
                }
                out.write(0xFF);
                out.write(0xD9);
                return out.toByteArray();
            }
            if (marker == 0xC4) {
                readHuffman(body, body + length - 2);
            } else if (marker == 0xC0) {
                height = JpegTables.u16(in, body + 1);
                width = JpegTables.u16(in, body + 3);
                int n = in[body + 5];
                ids = new int[n];
                h = new int[n];
                v = new int[n];
                for (int c = 0; c < n; c++) {
                    ids[c] = in[body + 6 + 3 * c] & 0xff;
                    h[c] = (in[body + 7 + 3 * c] & 0xff) >> 4;
                    v[c] = in[body + 7 + 3 * c] & 0x0f;
                }
            }
            if (marker != 0xDD) {
                out.write(in, at, length + 2);
            }
            at += length + 2;
        }
    }

    private void readHuffman(int at, int end) throws ImageRejectedException {
        while (at < end) {
            int tc = (in[at] & 0xff) >> 4;
            int th = in[at] & 0x0f;
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = in[at + l] & 0xff;
                total += counts[l];
            }
            byte[] symbols = java.util.Arrays.copyOfRange(in, at + 17, at + 17 + total);
            decoders[tc][th] = JpegHuffman.of(counts, symbols, tc == 0, "test");
            codes[tc][th] = new int[256];
            lengths[tc][th] = new int[256];
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++, code <<= 1) {
                for (int i = 0; i < counts[l]; i++, k++, code++) {
                    codes[tc][th][symbols[k] & 0xff] = code;
                    lengths[tc][th][symbols[k] & 0xff] = l;
                }
            }
            at += 17 + total;
        }
    }

    /**
     * Every block of every component, by component, in raster order over the component's MCU-padded block grid;
     * a block is its DC value, then (run/size symbol, extra bits) pairs up to the end of block.
     */
    private List<int[][]> decode(int at, int length) throws ImageRejectedException {
        int n = in[at];
        int maxH = 1;
        int maxV = 1;
        for (int c = 0; c < n; c++) {
            maxH = Math.max(maxH, h[c]);
            maxV = Math.max(maxV, v[c]);
        }
        int mcusAcross = (width + 8 * maxH - 1) / (8 * maxH);
        int mcusDown = (height + 8 * maxV - 1) / (8 * maxV);
        List<int[][]> blocks = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            blocks.add(new int[mcusAcross * h[c] * mcusDown * v[c]][]);
        }
        int[] prediction = new int[n];
        JpegBits bits = new JpegBits(in, at + length);
        // a scan of one component is never interleaved: its blocks come in raster order, one per MCU
        int[] mcuH = n == 1 ? new int[] {1} : h;
        int[] mcuV = n == 1 ? new int[] {1} : v;
        int across = n == 1 ? (width + 7) / 8 : mcusAcross;
        int down = n == 1 ? (height + 7) / 8 : mcusDown;
        for (int my = 0; my < down; my++) {
            for (int mx = 0; mx < across; mx++) {
                for (int c = 0; c < n; c++) {
                    int tables = in[at + 2 + 2 * c] & 0xff;
                    for (int by = 0; by < mcuV[c]; by++) {
                        for (int bx = 0; bx < mcuH[c]; bx++) {
                            List<Integer> block = new ArrayList<>();
                            bits.need();
                            int s = decoders[0][tables >> 4].decode(bits);
                            int diff = 0;
                            if (s > 0) {
                                int raw = bits.take(s);
                                diff = raw < 1 << (s - 1) ? raw - (1 << s) + 1 : raw;
                            }
                            prediction[c] += diff;
                            block.add(prediction[c]);
                            for (int k = 1; k < 64; ) {
                                bits.need();
                                int rs = decoders[1][tables & 15].decode(bits);
                                block.add(rs);
                                block.add(bits.take(rs & 15));
                                if (rs == 0) {
                                    break;
                                }
                                k += rs == 0xF0 ? 16 : (rs >> 4) + 1;
                            }
                            int stride = mcusAcross * h[c];
                            blocks.get(c)[(my * mcuV[c] + by) * stride + mx * mcuH[c] + bx] =
                                    block.stream().mapToInt(Integer::intValue).toArray();
                        }
                    }
                }
            }
        }
        return blocks;
    }

    private void writeScan(int c, int[][] blocks, int tables, int interval) {
        out.write(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, (byte) ids[c], (byte) tables, 0, 63, 0}, 0, 10);
        int maxH = 1;
        int maxV = 1;
        for (int i = 0; i < ids.length; i++) {
            maxH = Math.max(maxH, h[i]);
            maxV = Math.max(maxV, v[i]);
        }
        int stride = (width + 8 * maxH - 1) / (8 * maxH) * h[c];
        int across = ((width * h[c] + maxH - 1) / maxH + 7) / 8;
        int down = ((height * v[c] + maxV - 1) / maxV + 7) / 8;
        Bits bits = new Bits();
        int prediction = 0;
        int count = 0;
        for (int y = 0; y < down; y++) {
            for (int x = 0; x < across; x++, count++) {
                if (interval > 0 && count > 0 && count % interval == 0) {
                    bits.flush();
                    out.write(0xFF);
                    out.write(0xD0 + (count / interval - 1) % 8);
                    prediction = 0;
                }
                int[] block = blocks[y * stride + x];
                int diff = block[0] - prediction;
                prediction = block[0];
                int size = 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
                bits.put(codes[0][tables >> 4][size], lengths[0][tables >> 4][size]);
                bits.put(diff >= 0 ? diff : diff + (1 << size) - 1, size);
                for (int i = 1; i < block.length; i += 2) {
                    bits.put(codes[1][tables & 15][block[i]], lengths[1][tables & 15][block[i]]);
                    bits.put(block[i + 1], block[i] & 15);
                }
            }
        }
        bits.flush();
    }

    /** Entropy-coded output: 0xFF data bytes stuffed with 0x00, the last byte padded with 1 bits. */
    private final class Bits {
        private long buffer;
        private int count;

        void put(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                buffer = buffer << 1 | (value >> i & 1);
                if (++count == 8) {
                    emit();
                }
            }
        }

        void flush() {
            while (count != 0) {
                put(1, 1);
            }
        }

        private void emit() {
            int b = (int) (buffer & 0xff);
            out.write(b);
            if (b == 0xFF) {
                out.write(0);
            }
            buffer = 0;
            count = 0;
        }
    }
}
