package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Raw camera frames (binary PGM and PPM): the same model input as a PNG of the same pixels, on every path the
 * resize takes, and a clear refusal of every malformed or unsupported header.
 */
class PnmFrameTest {
    /** width, height, model input side: subsampled camera frame, full read, enlarging. */
    private static final int[][] SIZES = {{550, 380, 64}, {131, 97, 16}, {37, 29, 16}, {5, 3, 8}};
    /** What a header is made of, so that changed headers often still parse, to other sizes. */
    private static final String HEADER_BYTES = "0123456789 #\n";

    @Test
    void prepareSized_whenFrameHoldsThePngsPixels_givesTheSameInput() throws Exception {
        for (int[] size : SIZES) {
            for (int colourType : new int[] {0, 2}) {
                int samples = colourType == 0 ? 1 : 3;
                byte[] pixels = pixels(size[0] * size[1] * samples, size[0]);
                byte[] png = new PngWriter(size[0], size[1], colourType).write(pixels);
                byte[] frame = frame(colourType == 0 ? "P5" : "P6", size[0], size[1], pixels);
                for (int channels : new int[] {1, 3}) {
                    Preprocessor p = Preprocessor.create(InputSpec.of(size[2], size[2], channels));
                    Preprocessor.Prepared fromFrame = p.prepareSized(frame);
                    assertThat(fromFrame.input()).as("%dx%d, %d samples, %d channels", size[0], size[1], samples,
                            channels).containsExactly(p.prepareSized(png).input());
                    assertThat(fromFrame.width()).isEqualTo(size[0]);
                    assertThat(fromFrame.height()).isEqualTo(size[1]);
                }
            }
        }
    }

    @Test
    void encode_whenPhotoOrGreyImage_writesAFrameOfTheSamePixels() throws Exception {
        BufferedImage rgb = new BufferedImage(37, 29, BufferedImage.TYPE_INT_ARGB);
        BufferedImage grey = new BufferedImage(37, 29, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(9);
        for (int y = 0; y < 29; y++) {
            for (int x = 0; x < 37; x++) {
                rgb.setRGB(x, y, r.nextInt());
                grey.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        Preprocessor p = Preprocessor.create(InputSpec.of(16, 16, 3));
        for (BufferedImage image : List.of(rgb, grey)) {
            byte[] frame = Frames.encode(image);
            assertThat(new String(frame, 0, 2, StandardCharsets.US_ASCII)).isEqualTo(image == grey ? "P5" : "P6");
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            assertThat(p.prepare(frame)).containsExactly(p.prepare(png.toByteArray()));
        }
    }

    @Test
    void prepareSized_whenHeaderHasCommentsAndOtherWhitespace_readsIt() throws Exception {
        byte[] pixels = pixels(3 * 4 * 3, 1);
        byte[] plain = frame("P6", 4, 3, pixels);
        byte[] commented = concat("P6\r\n# from camera 7\n4\t3 # width height\n255\n".getBytes(StandardCharsets.US_ASCII),
                pixels);
        Preprocessor p = Preprocessor.create(InputSpec.of(8, 8, 3));
        assertThat(p.prepare(commented)).containsExactly(p.prepare(plain));
    }

    @Test
    void prepareSized_whenFrameHasBytesAfterItsPixels_ignoresThem() throws Exception {
        byte[] pixels = pixels(4 * 3, 1);
        Preprocessor p = Preprocessor.create(InputSpec.of(8, 8, 1));
        assertThat(p.prepare(concat(frame("P5", 4, 3, pixels), new byte[] {1, 2, 3})))
                .containsExactly(p.prepare(frame("P5", 4, 3, pixels)));
    }

    @Test
    void prepareSized_whenFrameIsMalformedOrUnsupported_refusesWithTheReason() {
        byte[] rgb = pixels(4 * 3 * 3, 1);
        assertRefused(frame("P6", 4, 3, new byte[35]), ImageRejectedException.Reason.CORRUPT,
                "truncated: it holds 35 of the 36 pixel bytes");
        assertRefused(frame("P6", 100_000, 100_000, rgb), ImageRejectedException.Reason.TOO_LARGE,
                "100000x100000 pixels");
        assertRefused(frame("P6", 0, 3, rgb), ImageRejectedException.Reason.CORRUPT,
                "0x3 pixels; an image has at least one pixel each way");
        assertRefused(concat("P6 4 3 65535\n".getBytes(StandardCharsets.US_ASCII), rgb),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "only 8-bit samples");
        assertRefused("P3 4 3 255\n1 2 3".getBytes(StandardCharsets.US_ASCII),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "P3 (plain text) is not supported");
        assertRefused("P7\nWIDTH 4\n".getBytes(StandardCharsets.US_ASCII),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "send binary PGM (P5) or PPM (P6)");
        assertRefused("P6 four 3 255\n".getBytes(StandardCharsets.US_ASCII), ImageRejectedException.Reason.CORRUPT,
                "width is missing or not a number");
        assertRefused("P6 4 3".getBytes(StandardCharsets.US_ASCII), ImageRejectedException.Reason.CORRUPT,
                "largest sample value is missing");
        assertRefused("P6 1234567890 3 255\n".getBytes(StandardCharsets.US_ASCII),
                ImageRejectedException.Reason.CORRUPT, "up to 9 digits");
        assertRefused("P6 0 3 255\n".getBytes(StandardCharsets.US_ASCII), ImageRejectedException.Reason.CORRUPT,
                "0x3 pixels");
        assertRefused("P6 4 3 255".getBytes(StandardCharsets.US_ASCII), ImageRejectedException.Reason.CORRUPT,
                "one whitespace byte");
        assertRefused("P5".getBytes(StandardCharsets.US_ASCII), ImageRejectedException.Reason.CORRUPT,
                "width is missing");
    }

    @Test
    void prepareSized_whenHeaderBytesAreChangedOrTheFrameCut_readsOrRefusesNeverCrashes() {
        byte[] good = frame("P6", 40, 30, pixels(40 * 30 * 3, 3));
        Random random = new Random(23);
        Preprocessor p = Preprocessor.create(InputSpec.of(16, 16, 1));
        for (int n = 0; n < 2000; n++) {
            byte[] bad = good.clone();
            // the header is where a frame can lie; keep the magic so the frame path is the one tested
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                bad[2 + random.nextInt(14)] = (byte) (random.nextBoolean() ? random.nextInt(256)
                        : HEADER_BYTES.charAt(random.nextInt(HEADER_BYTES.length())));
            }
            if (random.nextInt(4) == 0) {
                bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
            }
            try {
                assertThat(p.prepareSized(bad).input()).hasSize(16 * 16);
            } catch (ImageRejectedException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    private static void assertRefused(byte[] frame, ImageRejectedException.Reason reason, String message) {
        assertThatThrownBy(() -> Preprocessor.create(InputSpec.of(16, 16, 1)).prepare(frame))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    static byte[] frame(String magic, int width, int height, byte[] pixels) {
        return concat((magic + "\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII), pixels);
    }

    /** Smooth gradients with noise, so that area averaging has something to average. */
    private static byte[] pixels(int length, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ((i / 7) % 200 + r.nextInt(56));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
