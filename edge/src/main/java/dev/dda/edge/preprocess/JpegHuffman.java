package dev.dda.edge.preprocess;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Huffman table of a JPEG (a DHT entry), built for decoding: codes of up to {@value #LOOKUP_BITS} bits (nearly
 * every symbol of a photo) are found with one table lookup, longer ones by the canonical-code search of ITU T.81
 * F.2.2.3; an AC table also has lookups that skip coefficients without decoding them (see {@link #skip},
 * {@link #run}). The table is checked when it is built, so a hostile DHT fails here with a clear message rather
 * than mid-scan.
 */
final class JpegHuffman {
    static final int LOOKUP_BITS = 9;
    /** Prefix bits of {@link #run}. */
    static final int RUN_BITS = 12;
    /** Built tables kept; more distinct tables than this start the cache afresh. */
    private static final int TABLES_KEPT = 64;
    private static final Map<String, JpegHuffman> BUILT = new ConcurrentHashMap<>();
    /** For each {@value #LOOKUP_BITS}-bit prefix: code length << 8 | symbol; 0 when no code that short matches. */
    final short[] lookup = new short[1 << LOOKUP_BITS];
    /**
     * For an AC table, what skipping the coefficient a prefix starts takes: (code length + extra bits) << 8 |
     * coefficients passed (run + 1, 16 for ZRL, 0 for end of block); 0 when the code is longer. The extra bits need
     * not be in the prefix: a coefficient that is skipped is never looked at.
     */
    final short[] skip = new short[1 << LOOKUP_BITS];
    /**
     * For an AC table, what skipping every coefficient that lies whole in a {@value #RUN_BITS}-bit prefix takes:
     * bits consumed | coefficients passed << 8 | 1 << 16 if the block ends (EOB) among them; 0 when the first code
     * does not fit. A photo's coefficients take 3 to 6 bits each, so one lookup skips two or three.
     */
    final int[] run;
    /** Largest code of each length (index 1..16), -1 for lengths with no code. */
    private final int[] maxCode = new int[17];
    /** Index into {@link #symbols} of a code of each length, less that length's first code. */
    private final int[] symbolOffset = new int[17];
    private final byte[] symbols;

    private JpegHuffman(byte[] symbols, boolean dc) {
        this.symbols = symbols;
        this.run = dc ? null : new int[1 << RUN_BITS];
    }

    /**
     * Checks the table a DHT entry defines, {@code counts[l]} codes of length {@code l} (1..16) for {@code symbols}
     * in order, without building it: a file may define thousands of tables that no scan uses, and checking costs
     * only a pass over its bytes. A DC table's symbols are difference magnitudes, of which 15 is the largest that
     * fits the 16-bit arithmetic.
     */
    static void check(int[] counts, byte[] symbols, boolean dc, String name) throws ImageRejectedException {
        int code = 0;
        for (int length = 1; length <= 16; length++) {
            code += counts[length];
            // as libjpeg: the codes must fit their length, and a length's all-ones code is never used
            if (counts[length] > 0 && code > (1 << length) - 1) {
                throw ImageRejectedException.corrupt("the JPEG's Huffman table " + name
                        + " is invalid: its codes overflow " + length + " bits");
            }
            code <<= 1;
        }
        if (dc) {
            for (byte s : symbols) {
                if ((s & 0xff) > 15) {
                    throw ImageRejectedException.corrupt("the JPEG's Huffman table " + name
                            + " is invalid: a DC table holds symbol " + (s & 0xff) + "; at most 15 is allowed");
                }
            }
        }
    }

    /**
     * The table of a DHT entry that {@link #check} accepted: its 16 code counts, then its symbols. Cameras and
     * encoders use the same few tables for every image, so built tables are kept, by their bytes (bounded: a
     * client sending ever new tables only costs itself the building, once per scan that uses one).
     */
    static JpegHuffman of(byte[] countsAndSymbols, boolean dc) throws ImageRejectedException {
        String key = (dc ? 'D' : 'A') + new String(countsAndSymbols, StandardCharsets.ISO_8859_1);
        JpegHuffman table = BUILT.get(key);
        if (table == null) {
            int[] counts = new int[17];
            for (int length = 1; length <= 16; length++) {
                counts[length] = countsAndSymbols[length - 1] & 0xff;
            }
            table = of(counts, Arrays.copyOfRange(countsAndSymbols, 16, countsAndSymbols.length), dc,
                    dc ? "DC" : "AC");
            if (BUILT.size() >= TABLES_KEPT) {
                BUILT.clear();
            }
            BUILT.put(key, table);
        }
        return table;
    }

    /** The table with {@code counts[l]} codes of length {@code l} (1..16) for {@code symbols}, checked and built. */
    static JpegHuffman of(int[] counts, byte[] symbols, boolean dc, String name) throws ImageRejectedException {
        check(counts, symbols, dc, name);
        JpegHuffman table = new JpegHuffman(symbols, dc);
        int code = 0;
        int next = 0;
        for (int length = 1; length <= 16; length++) {
            table.symbolOffset[length] = next - code;
            for (int i = 0; i < counts[length]; i++, next++, code++) {
                if (length <= LOOKUP_BITS) {
                    int shift = LOOKUP_BITS - length;
                    int symbol = symbols[next] & 0xff;
                    int size = symbol & 15;
                    int passed = size != 0 ? (symbol >> 4) + 1 : symbol == 0xF0 ? 16 : 0;
                    Arrays.fill(table.lookup, code << shift, (code + 1) << shift,
                            (short) (length << 8 | symbol));
                    Arrays.fill(table.skip, code << shift, (code + 1) << shift,
                            (short) ((length + size) << 8 | passed));
                }
            }
            table.maxCode[length] = counts[length] > 0 ? code - 1 : -1;
            code <<= 1;
        }
        if (!dc) {
            table.fillRuns();
        }
        return table;
    }

    private void fillRuns() {
        for (int prefix = 0; prefix < run.length; prefix++) {
            int used = 0;
            int passed = 0;
            int end = 0;
            while (used < RUN_BITS) {
                // the next LOOKUP_BITS bits of the prefix, zeros past its end: only what lies whole inside counts
                int window = (prefix << used & (1 << RUN_BITS) - 1) >> (RUN_BITS - LOOKUP_BITS);
                int entry = skip[window];
                int codeLength = lookup[window] >> 8;
                if (entry == 0 || codeLength > RUN_BITS - used || (entry >> 8) > RUN_BITS - used) {
                    break;
                }
                used += entry >> 8;
                if ((entry & 0xff) == 0) {
                    end = 1;
                    break;
                }
                passed += entry & 0xff;
            }
            run[prefix] = used == 0 ? 0 : used | passed << 8 | end << 16;
        }
    }

    /** The next symbol; {@code bits} must hold at least 16 bits (see {@link JpegBits#need}). */
    int decode(JpegBits bits) throws ImageRejectedException {
        int entry = lookup[bits.peek(LOOKUP_BITS)];
        if (entry != 0) {
            bits.skip(entry >> 8);
            return entry & 0xff;
        }
        int prefix = bits.peek(16);
        for (int length = LOOKUP_BITS + 1; length <= 16; length++) {
            int code = prefix >>> (16 - length);
            if (code <= maxCode[length]) {
                bits.skip(length);
                return symbols[symbolOffset[length] + code] & 0xff;
            }
        }
        throw bits.failure("the JPEG's entropy-coded data holds a code that its Huffman table does not define");
    }
}
