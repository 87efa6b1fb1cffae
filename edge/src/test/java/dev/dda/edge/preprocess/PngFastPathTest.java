package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dda.edge.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The PNG fast path against the ImageIO path it replaces: same pixels kept, same floats, for every colour type it
 * decodes, every filter type, sizes that subsample and sizes that do not. Trainer and server share the
 * Preprocessor, so this is what keeps models trained before the fast path seeing the same input. Each check runs
 * with both inflaters: the system's libdeflate (when present) and the JDK's streamed zlib.
 */
class PngFastPathTest {
    private static final int[] COLOUR_TYPES = {0, 2, 3, 4, 6};
    /**
     * width, height, model input side: subsampled (camera-like, odd sizes), full decode, odd width, enlarging, and
     * rows wider than a 32 KB inflate batch.
     */
    private static final int[][] SIZES = {{550, 380, 64}, {131, 97, 16}, {37, 29, 16}, {5, 3, 8}, {64, 64, 16},
        {9000, 70, 16}};

    @Test
    void prepareSized_whenEachColourTypeAndSize_matchesImageIoPath() throws Exception {
        for (int colourType : COLOUR_TYPES) {
            for (int[] size : SIZES) {
                PngWriter writer = writer(size[0], size[1], colourType);
                byte[] png = writer.write(pixels(size[0], size[1], writer.bytesPerPixel(), colourType));
                for (int channels : new int[] {1, 3}) {
                    assertSameAsImageIo(png, InputSpec.of(size[2], size[2], channels),
                            "colour type " + colourType + ", " + size[0] + "x" + size[1] + ", " + channels + " ch");
                }
            }
        }
    }

    @Test
    void prepareSized_whenEachFilterTypeOnEveryRow_matchesImageIoPath() throws Exception {
        for (int filter = 0; filter <= 4; filter++) {
            int f = filter;
            for (int colourType : new int[] {0, 2, 6}) {
                PngWriter writer = writer(211, 157, colourType).filters(y -> f);
                byte[] png = writer.write(pixels(211, 157, writer.bytesPerPixel(), colourType));
                assertSameAsImageIo(png, InputSpec.of(32, 32, 3), "filter " + f + ", colour type " + colourType);
                assertSameAsImageIo(png, InputSpec.of(150, 150, 1), "filter " + f + " full decode");
            }
        }
    }

    @Test
    void prepareSized_whenFiltersMixedAtRandom_matchesImageIoPath() throws Exception {
        // skipped Sub/None rows followed by Up/Average/Paeth rows exercise the lazy unfiltering
        for (long seed = 1; seed <= 6; seed++) {
            Random r = new Random(seed);
            int[] filters = r.ints(380, 0, 5).toArray();
            PngWriter writer = writer(550, 380, 2).filters(y -> filters[y]);
            byte[] png = writer.write(pixels(550, 380, 3, 2));
            assertSameAsImageIo(png, InputSpec.of(64, 64, 1), "seed " + seed);
        }
    }

    @Test
    void prepareSized_whenImageIoWritesThePng_matchesImageIoPath() throws Exception {
        BufferedImage photo = new BufferedImage(550, 380, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(7);
        for (int y = 0; y < 380; y++) {
            for (int x = 0; x < 550; x++) {
                photo.setRGB(x, y, r.nextInt() | (x * y % 2 == 0 ? 0xff000000 : 0x40000000));
            }
        }
        for (int type : new int[] {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_BYTE_INDEXED}) {
            BufferedImage img = new BufferedImage(550, 380, type);
            img.getGraphics().drawImage(photo, 0, 0, null);
            assertSameAsImageIo(TestImages.encode(img, "png"), InputSpec.of(64, 64, 1), "ImageIO type " + type);
        }
    }

    @Test
    void prepareSized_whenTransparencyChunk_dropsAlphaLikeImageIo() throws Exception {
        PngWriter grey = writer(131, 97, 0).trns(new byte[] {0, 5});
        assertSameAsImageIo(grey.write(pixels(131, 97, 1, 0)), InputSpec.of(16, 16, 1), "grey tRNS");
        PngWriter rgb = writer(131, 97, 2).trns(new byte[] {0, 5, 0, 6, 0, 7});
        assertSameAsImageIo(rgb.write(pixels(131, 97, 3, 2)), InputSpec.of(16, 16, 3), "RGB tRNS");
        PngWriter indexed = writer(131, 97, 3).trns(new byte[] {0, 10, (byte) 200});
        assertSameAsImageIo(indexed.write(pixels(131, 97, 1, 3)), InputSpec.of(16, 16, 3), "palette tRNS");
    }

    @Test
    void prepareSized_whenPaletteIndexBeyondPalette_matchesImageIoPath() throws Exception {
        PngWriter writer = new PngWriter(40, 30, 3).palette(new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90});
        byte[] indices = new byte[40 * 30];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (byte) (i % 7);
        }
        assertSameAsImageIo(writer.write(indices), InputSpec.of(8, 8, 3), "indices 0..6 into 3 entries");
    }

    @Test
    void prepareSized_whenSixteenBitOrInterlaced_fallsBackToImageIo() throws Exception {
        BufferedImage deep = new BufferedImage(100, 80, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                deep.getRaster().setSample(x, y, 0, x * 600 + y);
            }
        }
        byte[] png = TestImages.encode(deep, "png");
        assertThat(PngImage.header(png).rowsSupported()).isFalse();
        assertSameAsImageIo(png, InputSpec.of(16, 16, 1), "16-bit grey");
        byte[] interlaced = writer(20, 20, 2).interlaced().write(pixels(20, 20, 3, 2));
        assertThat(PngImage.header(interlaced).rowsSupported()).isFalse();
    }

    @Test
    void next_whenEachFilterType_restoresThePixels() throws Exception {
        for (int filter = 0; filter <= 4; filter++) {
            int f = filter;
            PngWriter writer = writer(23, 9, 6).filters(y -> f);
            byte[] pixels = pixels(23, 9, 4, 6);
            PngImage png = PngImage.parse(writer.write(pixels));
            for (LibDeflate inflater : inflaters()) {
                try (PngRows rows = new PngRows(png, inflater)) {
                    for (int y = 0; y < 9; y++) {
                        int at = rows.next(true);
                        assertThat(Arrays.copyOfRange(rows.buffer(), at, at + 23 * 4)).as("filter " + f + " row " + y)
                                .isEqualTo(Arrays.copyOfRange(pixels, y * 23 * 4, (y + 1) * 23 * 4));
                    }
                    rows.finish();
                }
            }
        }
    }

    @Test
    void prepareSized_whenPixelDataCorruptOrTruncated_rejectsAsCorrupt() {
        PngWriter writer = writer(64, 48, 2);
        byte[] pixels = pixels(64, 48, 3, 2);
        byte[] zlib = PngWriter.deflate(writer.filtered(pixels));
        byte[] flipped = zlib.clone();
        flipped[zlib.length / 2] ^= 0x55;
        assertCorrupt(writer.png(flipped), "corrupt");
        assertCorrupt(writer.png(Arrays.copyOf(zlib, zlib.length - 4)), "checksum");
        assertCorrupt(writer.png(Arrays.copyOf(zlib, zlib.length / 2)), "truncated");
        byte[] badFilter = writer.filtered(pixels);
        badFilter[10 * (64 * 3 + 1)] = 9;
        assertCorrupt(writer.png(PngWriter.deflate(badFilter)), "filter type 9");
        byte[] file = writer.write(pixels);
        assertCorrupt(Arrays.copyOf(file, file.length - 20), "truncated");
        assertCorrupt(new PngWriter(8, 8, 3).write(new byte[64]), "without a palette");
        byte[] longer = Arrays.copyOf(writer.filtered(pixels), 48 * (64 * 3 + 1) + 500);
        assertCorrupt(writer.png(PngWriter.deflate(longer)), "more pixel data");
    }

    @Test
    void prepareSized_whenChunkLengthLies_rejectsAsCorrupt() {
        byte[] file = writer(16, 16, 0).write(pixels(16, 16, 1, 0));
        byte[] lying = file.clone();
        int firstIdat = 8 + 25;
        lying[firstIdat] = 0x7f;
        assertCorrupt(lying, "claims");
    }

    @Test
    void prepareSized_whenHeaderNamesAFormatPngLacks_saysWhatPngAllows() {
        byte[] file = writer(16, 16, 0).write(pixels(16, 16, 1, 0));
        // IHDR data starts at byte 16: width, height, bit depth (24), colour type (25), ..., interlace (28)
        assertCorrupt(patched(file, 24, 3), "bit depth 3 for colour type 0; PNG allows 1, 2, 4, 8, 16");
        assertCorrupt(patched(patched(file, 25, 2), 24, 4), "bit depth 4 for colour type 2; PNG allows 8, 16");
        assertCorrupt(patched(file, 25, 5), "colour type 5; PNG has 0 (grey)");
        assertCorrupt(patched(file, 28, 2), "interlace method 2");
        assertCorrupt(patched(patched(file, 18, 0), 19, 0), "0x16 pixels; an image has at least one pixel");
    }

    private static byte[] patched(byte[] file, int at, int value) {
        byte[] out = file.clone();
        out[at] = (byte) value;
        return out;
    }

    @Test
    void prepareSized_whenHeaderSizeOverflows_rejectsBeforeInflating() {
        assertCorrupt(TestImages.pngBomb(-1, -1), "at most 2^31-1");
        assertThatThrownBy(() -> Preprocessor.create(InputSpec.of(16, 16, 1)).prepareSized(
                TestImages.pngBomb(Integer.MAX_VALUE, Integer.MAX_VALUE)))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE));
    }

    @Test
    void prepareSized_whenThreadDecodesManyImages_reusesItsStateCleanly() throws Exception {
        Preprocessor p = Preprocessor.create(InputSpec.of(64, 64, 1));
        byte[] big = writer(550, 380, 6).write(pixels(550, 380, 4, 6));
        byte[] small = writer(37, 29, 0).write(pixels(37, 29, 1, 0));
        float[] first = p.prepareSized(big).input();
        assertCorrupt(Arrays.copyOf(big, big.length - 30), "truncated");
        p.prepareSized(small);
        assertThat(p.prepareSized(big).input()).containsExactly(first);
    }

    @Test
    void prepareSized_whenPixelDataIsOverWhatASlotAlwaysKeeps_inflatesItInOnePieceAndShrinksAfter() throws Exception {
        // 2000x1500 RGB: 9 MB of pixel data, over the 8 MiB a slot always keeps, under what is inflated in one piece
        byte[] big = writer(2000, 1500, 2).write(pixels(2000, 1500, 3, 2));
        assertThat(1500L * (1 + 2000 * 3)).isBetween((long) LibDeflate.KEPT_BYTES, LibDeflate.MAX_OUTPUT);
        assertSameAsImageIo(big, InputSpec.of(64, 44, 1), "2000x1500 RGB");
        Assumptions.assumeTrue(LibDeflate.system().isPresent(), "no libdeflate here");
        LibDeflate libdeflate = LibDeflate.system().get();
        try (LibDeflate.Slot last = libdeflate.borrow()) { // the slot given back last: a camera's next frame
            assertThat(last.largestBuffer()).as("kept for the next image of that size")
                    .isGreaterThan(LibDeflate.KEPT_BYTES);
        }

        Preprocessor.create(InputSpec.of(64, 44, 1)).prepareSized(writer(550, 380, 2).write(pixels(550, 380, 3, 2)));

        try (LibDeflate.Slot last = libdeflate.borrow()) {
            assertThat(last.largestBuffer()).as("shrunk at a smaller image").isLessThanOrEqualTo(LibDeflate.KEPT_BYTES);
        }
    }

    @Test
    void fits_keepsSmallBuffersAndBigOnesOnlyForImagesOfAboutTheirSize() {
        assertThat(LibDeflate.fits(LibDeflate.KEPT_BYTES, 10)).isTrue();
        assertThat(LibDeflate.fits(10, 11)).isFalse();
        assertThat(LibDeflate.fits(20L << 20, 11L << 20)).isTrue();
        assertThat(LibDeflate.fits(20L << 20, 9L << 20)).isFalse();
    }

    private static void assertSameAsImageIo(byte[] png, InputSpec spec, String what) throws Exception {
        Preprocessor p = Preprocessor.create(spec);
        Preprocessor.Prepared slow = p.prepareWithImageIo(png);
        for (Preprocessor each : List.of(p, p.withZlibOnly())) {
            String how = what + (each.usesLibdeflate() ? " (libdeflate)" : " (zlib)");
            Preprocessor.Prepared fast = each.prepareSized(png);
            assertThat(fast.width()).as(how).isEqualTo(slow.width());
            assertThat(fast.height()).as(how).isEqualTo(slow.height());
            assertThat(fast.input()).as(how).hasSameSizeAs(slow.input());
            for (int i = 0; i < fast.input().length; i++) {
                assertThat(fast.input()[i]).as(how + " value " + i).isCloseTo(slow.input()[i], within(1e-5f));
            }
        }
    }

    @Test
    void prepareSized_whenManyThreadsDecodeAtOnce_eachGetsItsOwnImage() throws Exception {
        Preprocessor p = Preprocessor.create(InputSpec.of(64, 44, 1));
        byte[][] images = {writer(550, 380, 2).write(pixels(550, 380, 3, 2)), writer(300, 200, 6).write(
                pixels(300, 200, 4, 6)), writer(97, 61, 0).write(pixels(97, 61, 1, 0))};
        float[][] expected = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            expected[i] = p.prepareSized(images[i]).input();
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int n = 0; n < 120; n++) {
                int i = n % images.length;
                results.add(pool.submit(() -> Arrays.equals(p.prepareSized(images[i]).input(), expected[i])));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prepareSized_whenBytesAreFlippedAnywhere_decodesOrRejectsNeverCrashes() throws Exception {
        byte[] good = writer(64, 48, 2).write(pixels(64, 48, 3, 2));
        Random random = new Random(17);
        Preprocessor p = Preprocessor.create(InputSpec.of(16, 16, 1));
        for (Preprocessor each : List.of(p, p.withZlibOnly())) {
            for (int n = 0; n < 1500; n++) {
                byte[] bad = good.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bad[8 + random.nextInt(bad.length - 8)] = (byte) random.nextInt(256);
                }
                try {
                    assertThat(each.prepareSized(bad).input()).hasSize(16 * 16);
                } catch (ImageRejectedException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void system_whenTheMachineHasLibdeflate_loadsIt() {
        boolean installed = Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/usr/lib64", "/usr/lib").anyMatch(d -> Files.exists(Path.of(d,
                "libdeflate.so.0")));
        assertThat(LibDeflate.system().isPresent()).as("libdeflate.so.0 installed: " + installed).isEqualTo(installed);
        assertThat(Preprocessor.create(InputSpec.of(8, 8, 1)).usesLibdeflate()).isEqualTo(installed);
        assertThat(Preprocessor.create(InputSpec.of(8, 8, 1)).withZlibOnly().usesLibdeflate()).isFalse();
    }

    /** The system's libdeflate when present, and streamed zlib (null). */
    private static List<LibDeflate> inflaters() {
        List<LibDeflate> all = new ArrayList<>();
        LibDeflate.system().ifPresent(all::add);
        all.add(null);
        return all;
    }

    private static void assertCorrupt(byte[] png, String messagePart) {
        Preprocessor p = Preprocessor.create(InputSpec.of(16, 16, 1));
        for (Preprocessor each : List.of(p, p.withZlibOnly())) {
            assertThatThrownBy(() -> each.prepareSized(png)).as("libdeflate " + each.usesLibdeflate())
                    .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT);
                        assertThat(e.getMessage()).contains(messagePart);
                    });
        }
    }

    private static PngWriter writer(int w, int h, int colourType) {
        PngWriter writer = new PngWriter(w, h, colourType);
        if (colourType == 3) {
            byte[] palette = new byte[3 * 200];
            new Random(3).nextBytes(palette);
            writer.palette(palette);
        }
        return writer;
    }

    /** Photo-like bytes: gradients plus noise, so every filter's predictor branches are taken. */
    private static byte[] pixels(int w, int h, int bpp, int colourType) {
        Random r = new Random(w * 31L + h);
        byte[] out = new byte[w * h * bpp];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < bpp; c++) {
                    int v = (x * (3 + c) + y * (5 - c) + r.nextInt(40)) & 0xff;
                    out[(y * w + x) * bpp + c] = (byte) (colourType == 3 ? v % 200 : v);
                }
            }
        }
        return out;
    }
}
