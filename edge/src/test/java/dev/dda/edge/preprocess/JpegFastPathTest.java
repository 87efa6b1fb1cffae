package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.edge.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The JPEG DC fast path against a full ImageIO decode of the same file, resized the same way: a 1/8-scale image
 * from the DC coefficients is an 8x8 area average, so after the area resize it should differ from the full decode
 * only where a sharp edge crosses a block that an output pixel covers in part. Also: which JPEGs it leaves to
 * ImageIO, and that damaged or hostile JPEGs are refused, never crash it.
 */
class JpegFastPathTest {
    private static final InputSpec GREY = InputSpec.of(64, 44, 1);
    private static final InputSpec RGB = InputSpec.of(64, 44, 3);
    /** 4:2:0 (ImageIO's default), 4:4:4, 4:2:2 and 4:4:0 as luma sampling factors, chroma 1x1. */
    private static final int[][] SAMPLINGS = {{2, 2}, {1, 1}, {2, 1}, {1, 2}};

    /*
     * Bounds, in [0, 1] units (inputs with mean 0.5, std 1), set just above what was measured. The 557x383 photo,
     * grey model, colour and grey files, qualities 0.75 and 0.95, every sampling, with and without restarts: mean
     * absolute difference 0.0036-0.0038, max 0.0534-0.0547, the max where the photo's sharp edges (contrast up to
     * 0.45) cross blocks that an output pixel (8.7 source pixels wide) covers only in part; ImageIO's subsampled
     * read, the path this replaces, differs from the same full decode by mean 0.0076-0.0100, max 0.113-0.120.
     * Colour model, 4:4:4: mean 0.0041-0.0045, max 0.0902-0.0904 (blue, whose edge contrast is 0.55, at the dark
     * square's corner; subsampled read 0.160-0.167). A 1117x771 photo, colour model, every sampling: mean
     * 0.0009-0.0019, max 0.031-0.044 (subsampled read 0.119-0.126).
     */
    private static final double GREY_MEAN = 0.005;
    private static final double GREY_MAX = 0.06;
    private static final double COLOUR_MEAN = 0.005;
    private static final double COLOUR_MAX = 0.095;
    private static final double LARGE_MEAN = 0.0025;
    private static final double LARGE_MAX = 0.05;

    @Test
    void prepareSized_whenPhotoForGreyModel_agreesWithFullDecode() throws Exception {
        for (boolean grey : new boolean[] {false, true}) {
            BufferedImage photo = photo(557, 383, grey, 1);
            for (float quality : new float[] {0.75f, 0.95f}) {
                for (int[] s : SAMPLINGS) {
                    for (int restart : new int[] {0, 7}) {
                        byte[] jpeg = new JpegWriter().quality(quality).sampling(s[0], s[1]).restartInterval(restart)
                                .write(photo);
                        assertAgrees(jpeg, GREY, GREY_MEAN, GREY_MAX, String.format("%s q%.2f %dx%d restart %d",
                                grey ? "grey" : "colour", quality, s[0], s[1], restart));
                    }
                }
            }
        }
    }

    @Test
    void prepareSized_whenFullChromaPhotoForColourModel_agreesWithFullDecode() throws Exception {
        BufferedImage photo = photo(557, 383, false, 2);
        for (float quality : new float[] {0.75f, 0.95f}) {
            for (int restart : new int[] {0, 3}) {
                byte[] jpeg = new JpegWriter().quality(quality).sampling(1, 1).restartInterval(restart).write(photo);
                assertAgrees(jpeg, RGB, COLOUR_MEAN, COLOUR_MAX, "4:4:4 q" + quality + " restart " + restart);
            }
        }
    }

    @Test
    void decode_whenEachBlockDecodedByImageIo_givesItsMean() throws Exception {
        // no level near 0 or 255, where the full decode clamps pixels and a block's mean is no longer its DC
        BufferedImage photo = photo(557, 383, false, 16);
        BufferedImage grey = new BufferedImage(557, 383, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 383; y++) {
            for (int x = 0; x < 557; x++) {
                int rgb = photo.getRGB(x, y);
                grey.getRaster().setSample(x, y, 0, 40 + ((rgb >> 8 & 0xff) * 170 >> 8));
            }
        }
        for (float quality : new float[] {0.5f, 0.95f}) {
            byte[] jpeg = new JpegWriter().quality(quality).sampling(1, 1).restartInterval(11).write(grey);
            JpegDcImage dc = JpegDcDecoder.decode(JpegImage.parse(jpeg));
            assertThat(dc.width()).isEqualTo(70);
            assertThat(dc.height()).isEqualTo(48);
            BufferedImage full = ImageIO.read(new ByteArrayInputStream(jpeg));
            double worst = 0;
            // whole blocks only: a partial one's mean covers pixels ImageIO crops
            for (int by = 0; by < 383 / 8; by++) {
                for (int bx = 0; bx < 557 / 8; bx++) {
                    double sum = 0;
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            sum += full.getRaster().getSample(8 * bx + x, 8 * by + y, 0);
                        }
                    }
                    worst = Math.max(worst, Math.abs(sum / 64 - dc.planes().get(0).at(bx, by) / 8.0));
                }
            }
            // the full decode rounds each pixel of its integer IDCT; measured: 0.25 of a level at quality 0.5,
            // 0.125 at 0.95
            assertThat(worst).as("quality " + quality).isLessThanOrEqualTo(0.5);
        }
    }

    @Test
    void prepareSized_whenChromaSubsampledForColourModel_needsChromaBlocksForEveryInputPixel() throws Exception {
        // 557x383 at 4:2:0 has 35x24 chroma blocks: too few for a 64x44 colour input, so ImageIO decodes it
        byte[] small = new JpegWriter().sampling(2, 2).write(photo(557, 383, false, 3));
        Preprocessor p = Preprocessor.create(RGB);
        assertThat(p.jpegForDcPath(small)).isNull();
        assertSameAsImageIo(small, p);
        // twice the size has enough, for every subsampling
        BufferedImage photo = photo(1117, 771, false, 3);
        for (int[] s : SAMPLINGS) {
            byte[] jpeg = new JpegWriter().quality(0.9f).sampling(s[0], s[1]).write(photo);
            assertAgrees(jpeg, RGB, LARGE_MEAN, LARGE_MAX, "1117x771 " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void prepareSized_whenOneScanPerComponentOrRestarts_givesTheSameInputAsOneScan() throws Exception {
        for (boolean grey : new boolean[] {false, true}) {
            for (int[] s : SAMPLINGS) {
                byte[] interleaved = new JpegWriter().sampling(s[0], s[1]).write(photo(557, 383, grey, 4));
                for (int restart : new int[] {0, 1, 5, 64}) {
                    byte[] split = JpegScanSplitter.split(interleaved, restart);
                    String what = (grey ? "grey " : "colour ") + s[0] + "x" + s[1] + " restart " + restart;
                    assertThat(scans(split)).as(what).isEqualTo(grey ? 1 : 3);
                    // the rewrite is lossless: ImageIO decodes both to the same pixels
                    assertThat(pixels(split)).as(what).isEqualTo(pixels(interleaved));
                    for (InputSpec spec : List.of(GREY, InputSpec.of(32, 22, 3))) {
                        Preprocessor p = Preprocessor.create(spec);
                        assertThat(p.jpegForDcPath(split)).as(what).isNotNull();
                        assertThat(Arrays.equals(p.prepareSized(split).input(), p.prepareSized(interleaved).input()))
                                .as(what + ": same input").isTrue();
                    }
                }
            }
        }
    }

    @Test
    void prepareSized_whenNoColourMarker_readsColoursAsImageIoDoes() throws Exception {
        // ImageIO reads a file without JFIF or Adobe marker as YCbCr when its chroma is subsampled, else as RGB
        BufferedImage photo = photo(1117, 771, false, 5);
        byte[] subsampled = new JpegWriter().noJfif().write(photo);
        assertThat(indexOf(subsampled, 0xE0)).isNegative();
        assertAgrees(subsampled, RGB, LARGE_MEAN, LARGE_MAX, "no JFIF, 4:2:0");
        byte[] full = new JpegWriter().sampling(1, 1).noJfif().write(photo);
        assertThat(JpegImage.parse(full).unsupported()).contains("no chroma subsampling");
        assertSameAsImageIo(full, Preprocessor.create(RGB));
    }

    @Test
    void prepareSized_whenFastPathTaken_returnsTheDcInputAndTheImageSize() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 6));
        Preprocessor p = Preprocessor.create(GREY);
        JpegImage header = p.jpegForDcPath(jpeg);
        assertThat(header).isNotNull();
        Preprocessor.Prepared fast = p.prepareSized(jpeg);
        assertThat(Arrays.equals(fast.input(), p.prepareJpeg(header).input())).isTrue();
        assertThat(Arrays.equals(fast.input(), p.prepareWithImageIo(jpeg).input())).isFalse();
        assertThat(fast.width()).isEqualTo(557);
        assertThat(fast.height()).isEqualTo(383);
    }

    @Test
    void jpegForDcPath_whenProgressive_leavesItToImageIo() throws Exception {
        byte[] jpeg = new JpegWriter().progressive().write(photo(557, 383, false, 7));
        Preprocessor p = Preprocessor.create(GREY);
        assertThat(JpegImage.parse(jpeg).unsupported()).startsWith("SOF2");
        assertThat(p.jpegForDcPath(jpeg)).isNull();
        assertSameAsImageIo(jpeg, p);
    }

    @Test
    void jpegForDcPath_whenDcImageSmallerThanInput_leavesItToImageIo() throws Exception {
        // 505 / 8 rounds up to 64 blocks: just enough; 503 leaves 63
        Preprocessor p = Preprocessor.create(GREY);
        assertThat(p.jpegForDcPath(new JpegWriter().write(photo(505, 345, true, 8)))).isNotNull();
        byte[] narrow = new JpegWriter().write(photo(503, 345, true, 8));
        assertThat(p.jpegForDcPath(narrow)).isNull();
        assertSameAsImageIo(narrow, p);
        assertThat(p.jpegForDcPath(new JpegWriter().write(photo(505, 343, true, 8)))).isNull();
    }

    @Test
    void jpegForDcPath_whenAdobeRgbCmykTwelveBitOrOddSampling_leavesItToImageIo() throws Exception {
        byte[] ycc = new JpegWriter().sampling(1, 1).write(photo(557, 383, false, 9));
        byte[] adobeRgb = withSegmentAfterSoi(ycc, 0xEE, adobe(0));
        assertThat(JpegImage.parse(adobeRgb).unsupported()).contains("Adobe marker with colour transform 0");
        Preprocessor p = Preprocessor.create(GREY);
        assertThat(p.jpegForDcPath(adobeRgb)).isNull();
        assertSameAsImageIo(adobeRgb, p);
        assertThat(p.jpegForDcPath(withSegmentAfterSoi(ycc, 0xEE, adobe(1)))).isNotNull();

        assertThat(JpegImage.parse(header(0xC0, 8, 4, 0x11)).unsupported()).isEqualTo("4 components");
        assertThat(JpegImage.parse(header(0xC1, 12, 1, 0x11)).unsupported()).isEqualTo("12-bit samples");
        assertThat(JpegImage.parse(header(0xC0, 8, 3, 0x41)).unsupported()).isEqualTo("sampling factors 4x1");
        assertThat(JpegImage.parse(header(0xC3, 8, 3, 0x11)).unsupported()).startsWith("SOF3");
        assertThat(JpegImage.parse(header(0xC9, 8, 3, 0x11)).unsupported()).startsWith("SOF9");
        assertThat(JpegImage.parse(header(0xC1, 8, 1, 0x22)).unsupported()).isNull();
    }

    @Test
    void prepareSized_whenJpegIsOfAKindNoDecoderReads_refusesItAsUnsupported() throws Exception {
        Map<String, byte[]> kinds = new LinkedHashMap<>();
        kinds.put("a lossless JPEG (SOF3)", header(0xC3, 8, 3, 0x11));
        kinds.put("a lossless JPEG (SOF11)", header(0xCB, 8, 1, 0x11));
        kinds.put("a hierarchical JPEG (SOF5)", header(0xC5, 8, 1, 0x11));
        kinds.put("a hierarchical JPEG (SOF15)", header(0xCF, 8, 3, 0x11));
        kinds.put("a JPEG with 12-bit samples", header(0xC1, 12, 1, 0x11));
        kinds.put("a JPEG with 2 components", TestImages.twoComponentJpeg(64, 48));
        kinds.forEach((kind, jpeg) -> assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(jpeg))
                .as(kind).isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
                    assertThat(e.getMessage()).contains("the image is " + kind + ", which is not supported");
                }));
        // what ImageIO's libjpeg reads is still left to it
        for (byte[] readable : List.of(header(0xC0, 8, 4, 0x11), header(0xC2, 8, 3, 0x11), header(0xC9, 8, 3, 0x11),
                header(0xCA, 8, 1, 0x11))) {
            assertThat(JpegImage.parse(readable).undecodable()).isNull();
        }
    }

    @Test
    void prepareSized_whenEntropyDataTruncated_rejectsAsCorrupt() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 10));
        int data = indexOf(jpeg, 0xDA) + 14;
        for (int cut : new int[] {data + 10, (data + jpeg.length) / 2, jpeg.length - 40}) {
            assertCorrupt(Arrays.copyOf(jpeg, cut), "truncated in its entropy-coded data");
        }
        // all the data but EOI: nothing is missing
        assertThat(Preprocessor.create(GREY).prepare(Arrays.copyOf(jpeg, jpeg.length - 2))).hasSize(64 * 44);
        byte[] cutByMarker = Arrays.copyOf(jpeg, jpeg.length);
        cutByMarker[(data + jpeg.length) / 2] = (byte) 0xFF;
        cutByMarker[(data + jpeg.length) / 2 + 1] = (byte) 0xD9;
        assertCorrupt(cutByMarker, "0xFFD9");
    }

    @Test
    void prepareSized_whenATruncatedJpegGoesToImageIo_refusesItAsTheFastPathDoes() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 10));
        Preprocessor large = Preprocessor.create(InputSpec.of(256, 256, 1)); // more than the 70x48 DC image: ImageIO
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThat(large.jpegForDcPath(cut)).isNull();

        assertThatThrownBy(() -> large.prepare(cut)).isInstanceOfSatisfying(ImageRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT);
            assertThat(e.getMessage()).contains("the JPEG is truncated").contains("premature end of data segment");
        });
        // all the data but EOI: nothing is missing, on either path
        assertThat(large.prepare(Arrays.copyOf(jpeg, jpeg.length - 2))).hasSize(256 * 256);
    }

    @Test
    void prepareSized_whenBytesFollowTheLastScanBeforeEoi_decodesAsImageIoDoes() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 10));
        byte[] padded = insert(jpeg, jpeg.length - 2, new byte[] {0, 0, 0x55, 0x7F, 0, 0, 0, 0x12});
        ImageIO.read(new ByteArrayInputStream(padded)); // ImageIO reads it (libjpeg warns of extraneous bytes)

        assertThat(Preprocessor.create(GREY).jpegForDcPath(padded)).as("takes the fast path").isNotNull();
        assertThat(Preprocessor.create(GREY).prepare(padded)).containsExactly(Preprocessor.create(GREY).prepare(jpeg));
    }

    @Test
    void prepareSized_whenStrayBytesBetweenHeaderSegments_leavesItToImageIoWhichReadsIt() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 13));
        // after the APP0 (JFIF) segment: libjpeg skips them with a warning, as some cameras' files need
        int afterApp0 = 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff);
        byte[] stray = insert(jpeg, afterApp0, new byte[] {0x00, 0x11, 0x22});
        Preprocessor p = Preprocessor.create(GREY);

        assertThat(p.jpegForDcPath(stray)).isNull();
        assertThat(p.prepare(stray)).containsExactly(p.prepareWithImageIo(jpeg).input());
    }

    @Test
    void prepareSized_whenTablesInvalid_refusesSayingWhichOrLeavesTheHeaderToImageIo() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 11));
        int dht = indexOf(jpeg, 0xC4) + 4;
        byte[] tooMany = jpeg.clone();
        tooMany[dht + 1] = (byte) 200;
        tooMany[dht + 2] = (byte) 200;
        assertHeaderRefused(tooMany, "Huffman table DC 0 is invalid");
        byte[] overflow = jpeg.clone();
        // two 1-bit codes (0 and the reserved all-ones 1) where there was one 2-bit and five 3-bit codes
        overflow[dht + 1] = 2;
        overflow[dht + 2] = 0;
        overflow[dht + 3] = 4;
        assertHeaderRefused(overflow, "codes overflow 1 bits");
        byte[] badClass = jpeg.clone();
        badClass[dht] = 0x25;
        assertHeaderRefused(badClass, "table class 2, id 5");
        byte[] badPrecision = jpeg.clone();
        badPrecision[indexOf(jpeg, 0xDB) + 4] = 0x20;
        assertHeaderRefused(badPrecision, "precision 2");
        int sos = indexOf(jpeg, 0xDA) + 4;
        byte[] unknownComponent = jpeg.clone();
        unknownComponent[sos + 3] = 9;
        assertCorrupt(unknownComponent, "component 9, which its frame header does not define");
        byte[] undefinedTable = jpeg.clone();
        undefinedTable[sos + 4] = 0x22;
        assertCorrupt(undefinedTable, "DC Huffman table 2, which is not defined");
        byte[] lyingLength = jpeg.clone();
        lyingLength[indexOf(jpeg, 0xDB) + 2] = (byte) 0xF0;
        assertHeaderRefused(lyingLength, "DQT segment");
    }

    @Test
    void prepareSized_whenThousandsOfTablesNoScanUses_decodesAsWithout() throws Exception {
        // tables are checked when defined but built only for a scan: unused ones cost their bytes, not a build each
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 17));
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        Random random = new Random(3);
        for (int n = 0; n < 2000; n++) {
            byte[] body = new byte[1 + 16 + 40];
            body[0] = (byte) (0x10 | n & 3);
            body[2] = 3;
            body[8] = 37;
            for (int i = 17; i < body.length; i++) {
                body[i] = (byte) random.nextInt(256);
            }
            unused.write(segment(0xC4, body), 0, body.length + 4);
        }
        byte[] padded = new byte[jpeg.length + unused.size()];
        System.arraycopy(jpeg, 0, padded, 0, 2);
        System.arraycopy(unused.toByteArray(), 0, padded, 2, unused.size());
        System.arraycopy(jpeg, 2, padded, 2 + unused.size(), jpeg.length - 2);
        Preprocessor p = Preprocessor.create(GREY);
        assertThat(p.jpegForDcPath(padded)).isNotNull();
        assertThat(Arrays.equals(p.prepare(padded), p.prepare(jpeg))).isTrue();
    }

    @Test
    void prepareSized_whenRestartMarkerMissingOrOutOfOrder_rejectsAsCorrupt() throws Exception {
        byte[] jpeg = new JpegWriter().restartInterval(4).write(photo(557, 383, false, 12));
        int rst = indexOf(jpeg, 0xD0);
        byte[] wrongNumber = jpeg.clone();
        wrongNumber[rst + 1] = (byte) 0xD3;
        assertCorrupt(wrongNumber, "restart marker RST0 is missing");
        byte[] dropped = new byte[jpeg.length - 2];
        System.arraycopy(jpeg, 0, dropped, 0, rst);
        System.arraycopy(jpeg, rst + 2, dropped, rst, jpeg.length - rst - 2);
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(dropped))
                .isInstanceOf(ImageRejectedException.class);
    }

    @Test
    void prepare_whenHeaderClaimsNoRows_rejectsAsCorrupt() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 13));
        int sof = indexOf(jpeg, 0xC0) + 4;
        jpeg[sof + 1] = 0;
        jpeg[sof + 2] = 0;
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(jpeg))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT);
                    assertThat(e.getMessage()).contains("557x0 pixels; an image has at least one pixel each way");
                });
    }

    @Test
    void prepareSized_whenHeaderClaimsTooManyPixels_rejectsBeforeDecoding() throws Exception {
        byte[] jpeg = new JpegWriter().write(photo(557, 383, false, 13));
        int sof = indexOf(jpeg, 0xC0) + 4;
        jpeg[sof + 1] = (byte) 0xFF;
        jpeg[sof + 2] = (byte) 0xFF;
        jpeg[sof + 3] = (byte) 0xFF;
        jpeg[sof + 4] = (byte) 0xFF;
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(jpeg))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ImageRejectedException.Reason.TOO_LARGE));
    }

    @Test
    void prepareSized_whenJpegDamagedAtRandom_decodesOrRejectsNeverCrashes() throws Exception {
        BufferedImage colour = photo(301, 203, false, 14);
        BufferedImage grey = photo(301, 203, true, 15);
        byte[] interleaved = new JpegWriter().restartInterval(5).write(colour);
        List<byte[]> bases = List.of(interleaved, new JpegWriter().sampling(1, 1).write(colour),
                new JpegWriter().sampling(1, 1).quality(0.95f).write(grey),
                JpegScanSplitter.split(new JpegWriter().sampling(2, 1).write(colour), 3));
        List<Preprocessor> preprocessors = List.of(Preprocessor.create(InputSpec.of(32, 24, 1)),
                Preprocessor.create(InputSpec.of(16, 12, 3)));
        for (byte[] base : bases) {
            for (Preprocessor p : preprocessors) {
                assertThat(p.jpegForDcPath(base)).isNotNull();
            }
        }
        Random random = new Random(20261127);
        int decoded = 0;
        int rejected = 0;
        for (int n = 0; n < 1500; n++) {
            byte[] base = bases.get(n % bases.size());
            byte[] bad = damage(base, random);
            Preprocessor p = preprocessors.get(n / bases.size() % 2);
            try {
                float[] in = p.prepareSized(bad).input();
                assertThat(in).hasSize(p.input().valuesPerImage());
                for (float v : in) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
                decoded++;
            } catch (ImageRejectedException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            }
        }
        // seed 20261127: 319 decoded, 1181 rejected (1341 of the 1500 still had a header the fast path takes,
        // the rest went to ImageIO); both outcomes must occur
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    /** One to three random injuries of the kinds a network, a disk or an attacker inflicts. */
    private static byte[] damage(byte[] jpeg, Random random) {
        byte[] out = jpeg;
        for (int injuries = 1 + random.nextInt(3); injuries > 0 && out.length > 4; injuries--) {
            int at = 2 + random.nextInt(out.length - 2);
            int scan = Math.max(2, Math.min(out.length - 1, indexOf(out, 0xDA)));
            switch (random.nextInt(6)) {
                case 0 -> {
                    out = out.clone();
                    out[2 + random.nextInt(scan - 1)] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> {
                    out = out.clone();
                    out[scan + random.nextInt(out.length - scan)] ^= (byte) (1 << random.nextInt(8));
                }
                case 2 -> out = Arrays.copyOf(out, at);
                case 3 -> out = insert(out, at, randomBytes(random, 1 + random.nextInt(8)));
                case 4 -> out = insert(out, at, new byte[] {(byte) 0xFF, (byte) (0xC0 + random.nextInt(0x3F)),
                    (byte) random.nextInt(256), (byte) random.nextInt(256)});
                default -> {
                    out = out.clone();
                    out[at] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] insert(byte[] data, int at, byte[] bytes) {
        byte[] out = new byte[data.length + bytes.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(data, at, out, at + bytes.length, data.length - at);
        return out;
    }

    /**
     * Asserts the fast path takes {@code jpeg} and its input is within the bounds of the full decode's, and no
     * further from it than ImageIO's subsampled read, the path it replaces.
     */
    private static void assertAgrees(byte[] jpeg, InputSpec spec, double meanBound, double maxBound, String what)
            throws Exception {
        Preprocessor p = Preprocessor.create(spec);
        assertThat(p.jpegForDcPath(jpeg)).as(what).isNotNull();
        float[] fast = p.prepareSized(jpeg).input();
        float[] full = p.toInput(p.decode(jpeg));
        float[] subsampled = p.prepareWithImageIo(jpeg).input();
        double[] dc = difference(fast, full);
        double[] replaced = difference(subsampled, full);
        String measured = String.format("%s: mean %.4f max %.4f (subsampled read: mean %.4f max %.4f)", what, dc[0],
                dc[1], replaced[0], replaced[1]);
        assertThat(dc[0]).as(measured).isLessThanOrEqualTo(meanBound).isLessThan(replaced[0]);
        assertThat(dc[1]).as(measured).isLessThanOrEqualTo(maxBound).isLessThan(replaced[1]);
    }

    /** Mean and largest absolute difference. */
    private static double[] difference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    /** The outcome of the ImageIO path: the same input, or the same refusal. */
    private static void assertSameAsImageIo(byte[] jpeg, Preprocessor p) {
        String expected;
        try {
            expected = Arrays.toString(p.prepareWithImageIo(jpeg).input());
        } catch (ImageRejectedException e) {
            expected = e.reason() + ": " + e.getMessage();
        }
        String actual;
        try {
            actual = Arrays.toString(p.prepareSized(jpeg).input());
        } catch (ImageRejectedException e) {
            actual = e.reason() + ": " + e.getMessage();
        }
        assertThat(actual.equals(expected)).as("same outcome as ImageIO: " + expected.substring(0,
                Math.min(200, expected.length()))).isTrue();
    }

    /**
     * A header the fast path's parser refuses, saying why; the server then leaves the file to ImageIO, which refuses
     * it too (these are errors libjpeg does not tolerate either).
     */
    private static void assertHeaderRefused(byte[] jpeg, String message) throws Exception {
        assertThatThrownBy(() -> JpegImage.parse(jpeg)).isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining(message);
        assertThat(Preprocessor.create(GREY).jpegForDcPath(jpeg)).isNull();
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(jpeg)).isInstanceOfSatisfying(
                ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT));
    }

    private static void assertCorrupt(byte[] jpeg, String message) {
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(jpeg))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static int[] pixels(byte[] jpeg) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static int scans(byte[] jpeg) {
        int n = 0;
        for (int at = indexOf(jpeg, 0xDA); at >= 0; at = indexOf(jpeg, 0xDA, at + 2)) {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] jpeg, int marker) {
        return indexOf(jpeg, marker, 0);
    }

    /** Offset of the first 0xFF {@code marker} from {@code from}; -1 if none. */
    private static int indexOf(byte[] jpeg, int marker, int from) {
        for (int i = from; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        return -1;
    }

    /** An APP14 Adobe segment body with colour transform {@code transform}. */
    private static byte[] adobe(int transform) {
        return new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    }

    private static byte[] withSegmentAfterSoi(byte[] jpeg, int marker, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(segment(marker, body), 0, body.length + 4);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A marker segment: the marker, the length, the body. */
    private static byte[] segment(int marker, byte[] body) {
        byte[] out = new byte[body.length + 4];
        out[0] = (byte) 0xFF;
        out[1] = (byte) marker;
        out[2] = (byte) ((body.length + 2) >> 8);
        out[3] = (byte) (body.length + 2);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** SOI, a 640x480 frame header of the given kind, and a scan header: what {@link JpegImage#parse} reads. */
    private static byte[] header(int sof, int precision, int components, int sampling) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) sof, 0, (byte) (8 + 3 * components),
            (byte) precision, 1, (byte) 0xE0, 2, (byte) 0x80, (byte) components}, 0, 12);
        for (int c = 1; c <= components; c++) {
            out.write(c);
            out.write(c == 1 ? sampling : 0x11);
            out.write(0);
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0}, 0, 10);
        return out.toByteArray();
    }

    /** Smooth gradients, fine texture and a few sharp edges: what a part on a line looks like to a camera. */
    static BufferedImage photo(int w, int h, boolean grey, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double gx = x / (double) w;
                double gy = y / (double) h;
                double noise = random.nextGaussian() * 6;
                int r = clamp(70 + 120 * gx + 30 * Math.sin(gy * 7) + noise);
                int g = clamp(90 + 100 * gy + 25 * Math.cos(gx * 9) + noise);
                int b = clamp(170 - 90 * gx * gy + 20 * Math.sin((gx + gy) * 11) + noise);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(20, 25, 30));
        g.fillRect(w / 5, h / 4, w / 4, h / 3);
        g.setColor(new Color(250, 240, 90));
        g.fillOval(w / 2, h / 2, w / 5, w / 5);
        g.setColor(new Color(200, 30, 40));
        g.drawLine(0, h - 1, w - 1, h / 3);
        g.fillRect(w - w / 7, 3, 5, h - 6);
        g.dispose();
        if (!grey) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
