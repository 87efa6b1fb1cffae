package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dda.edge.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    private static final InputSpec GREY = new InputSpec(4, 4, 1, java.util.List.of(0.0), java.util.List.of(1.0));
    private static final InputSpec RGB = new InputSpec(4, 4, 3, java.util.List.of(0.0, 0.0, 0.0),
            java.util.List.of(1.0, 1.0, 1.0));

    @Test
    void prepare_whenGreyPng_keepsLevelsExactly() throws Exception {
        byte[] png = TestImages.encode(TestImages.image(8, 8, true, (x, y) -> 128), "png");

        float[] in = Preprocessor.create(GREY).prepare(png);

        assertThat(in).hasSize(16).containsOnly(128 / 255f);
    }

    @Test
    void prepare_whenGreyAndRgbOfSameLevels_giveSameInput() throws Exception {
        byte[] grey = TestImages.encode(TestImages.image(8, 8, true, (x, y) -> x * 30), "png");
        byte[] rgb = TestImages.encode(TestImages.image(8, 8, false, (x, y) -> x * 30), "png");

        for (InputSpec spec : new InputSpec[] {GREY, RGB}) {
            float[] a = Preprocessor.create(spec).prepare(grey);
            float[] b = Preprocessor.create(spec).prepare(rgb);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(b[i], within(1e-5f));
            }
        }
    }

    @Test
    void prepare_whenRgbaOrIndexedOrBgr_givesSameInputAsIntRgb() throws Exception {
        BufferedImage ref = TestImages.image(12, 9, false, (x, y) -> (x * 20 + y * 7) % 256);
        float[] expected = Preprocessor.create(RGB).toInput(ref);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage other = new BufferedImage(12, 9, type);
            other.getGraphics().drawImage(ref, 0, 0, null);
            float[] got = Preprocessor.create(RGB).prepare(TestImages.encode(other, "png"));
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("type " + type + " value " + i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void prepare_whenShrinking_averagesAreas() throws Exception {
        // 8x8, left half black, right half white -> 4x4: columns 0,1 black, 2,3 white
        byte[] png = TestImages.encode(TestImages.image(8, 8, false, (x, y) -> x < 4 ? 0 : 255), "png");

        float[] in = Preprocessor.create(GREY).prepare(png);

        assertThat(in[0]).isZero();
        assertThat(in[1]).isZero();
        assertThat(in[2]).isCloseTo(1f, within(1e-5f));
        assertThat(in[3]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void prepare_whenOddRatio_preservesMeanBrightness() throws Exception {
        byte[] png = TestImages.encode(TestImages.image(550, 380, false, (x, y) -> (x * 7 + y * 3) % 256), "png");
        BufferedImage img = Preprocessor.create(GREY).decode(png);
        double mean = 0;
        for (int y = 0; y < 380; y++) {
            for (int x = 0; x < 550; x++) {
                mean += (img.getRGB(x, y) & 0xff) / 255.0;
            }
        }
        mean /= 550 * 380;

        float[] in = Preprocessor.create(new InputSpec(64, 64, 1, java.util.List.of(0.0), java.util.List.of(1.0)))
                .prepare(png);

        double got = 0;
        for (float v : in) {
            got += v;
        }
        assertThat(got / in.length).isCloseTo(mean, within(0.01));
    }

    @Test
    void prepareSized_whenCameraSizedPhoto_subsamplesCloseToFullDecodeAndKeepsSourceSize() throws Exception {
        byte[] png = TestImages.encode(TestImages.image(550, 380, false, (x, y) -> (x / 3 + y / 2) % 256), "png");
        Preprocessor p = Preprocessor.create(InputSpec.of(64, 64, 1));

        Preprocessor.Prepared sub = p.prepareSized(png);
        float[] full = p.toInput(p.decode(png));

        assertThat(sub.width()).isEqualTo(550);
        assertThat(sub.height()).isEqualTo(380);
        double diff = 0;
        for (int i = 0; i < full.length; i++) {
            diff += Math.abs(full[i] - sub.input()[i]);
        }
        assertThat(diff / full.length).isLessThan(0.01);
    }

    @Test
    void prepareSized_whenUnderTwiceTheInput_decodesEveryPixel() throws Exception {
        byte[] png = TestImages.encode(TestImages.image(120, 300, false, (x, y) -> (x * 7 + y * 3) % 256), "png");
        Preprocessor p = Preprocessor.create(InputSpec.of(64, 64, 3));

        assertThat(p.prepareSized(png).input()).containsExactly(p.toInput(p.decode(png)));
        assertThat(Preprocessor.subsampling(550, 64)).isEqualTo(4);
        assertThat(Preprocessor.subsampling(120, 64)).isEqualTo(1);
    }

    @Test
    void prepare_whenEnlarging_interpolates() throws Exception {
        byte[] png = TestImages.encode(TestImages.image(2, 2, false, (x, y) -> x == 0 ? 0 : 255), "png");

        float[] in = Preprocessor.create(GREY).prepare(png);

        assertThat(in[0]).isZero();
        assertThat(in[1]).isCloseTo(0.25f, within(1e-5f));
        assertThat(in[2]).isCloseTo(0.75f, within(1e-5f));
        assertThat(in[3]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void prepare_whenJpegRgb_normalisesPerChannel() throws Exception {
        BufferedImage red = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                red.setRGB(x, y, 0xff0000);
            }
        }
        InputSpec spec = new InputSpec(4, 4, 3, java.util.List.of(0.5, 0.5, 0.5), java.util.List.of(0.5, 0.5, 0.5));

        float[] in = Preprocessor.create(spec).prepare(TestImages.encode(red, "jpeg"));

        assertThat(in).hasSize(48);
        assertThat(in[0]).isCloseTo(1f, within(0.05f));   // (1 - 0.5) / 0.5
        assertThat(in[1]).isCloseTo(-1f, within(0.05f));  // (0 - 0.5) / 0.5
        assertThat(in[2]).isCloseTo(-1f, within(0.05f));
    }

    @Test
    void decode_whenEmpty_rejectsAsEmpty() {
        assertRejected(new byte[0], ImageRejectedException.Reason.EMPTY);
    }

    @Test
    void decode_whenRandomBytesOrText_rejectsAsUnsupported() {
        assertRejected(TestImages.random(1000, 1), ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
        assertRejected("hello, I am text".getBytes(StandardCharsets.UTF_8),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void decode_whenTruncatedPng_rejectsAsCorrupt() {
        assertRejected(TestImages.truncated(TestImages.leftWhite(64, 64, 0.3)), ImageRejectedException.Reason.CORRUPT);
    }

    @Test
    void decode_whenHeaderClaimsHugeImage_rejectsBeforeDecoding() {
        assertRejected(TestImages.pngBomb(100_000, 100_000), ImageRejectedException.Reason.TOO_LARGE);
    }

    @Test
    void decode_whenTiff_rejectsAsUnsupported() {
        byte[] tiff = TestImages.encode(TestImages.image(8, 8, false, (x, y) -> 0), "tiff");
        assertRejected(tiff, ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
    }

    private static void assertRejected(byte[] bytes, ImageRejectedException.Reason reason) {
        assertThatThrownBy(() -> Preprocessor.create(GREY).prepare(bytes))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
