package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of every decoding path (PNG rows, JPEG DC, raw frames, ImageIO): a damaged image must come out
 * as model input or as an {@link ImageRejectedException}, never as another exception, an error or a hang, since the
 * server answers anything else with a 500 or not at all. Seeded, so a failure names the seed and mutation that
 * reproduce it; {@code -Ddda.fuzz.cases=N} runs N cases per seed image instead of the default.
 */
class PreprocessorFuzzTest {
    private static final int CASES = Integer.getInteger("dda.fuzz.cases", 1500);
    private static final List<Preprocessor> PREPROCESSORS = List.of(
            Preprocessor.create(InputSpec.of(16, 12, 1), 4_000_000L),
            Preprocessor.create(InputSpec.of(24, 16, 3), 4_000_000L));

    @Test
    @Timeout(300)
    void prepareSized_whenImagesAreDamaged_rejectsOrDecodesAndNeverFailsOtherwise() {
        Map<String, String> failures = new LinkedHashMap<>();
        long rejected = 0;
        long decoded = 0;
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Random random = new Random(seed.getKey().hashCode());
            for (int i = 0; i < CASES && failures.size() < 20; i++) {
                Mutation mutation = Mutation.random(random, seed.getValue().length);
                byte[] damaged = mutation.apply(seed.getValue(), random);
                for (Preprocessor preprocessor : PREPROCESSORS) {
                    try {
                        preprocessor.prepareSized(damaged);
                        decoded++;
                    } catch (ImageRejectedException e) {
                        assertThat(e.getMessage()).isNotBlank();
                        rejected++;
                    } catch (Throwable t) {
                        failures.putIfAbsent(signature(t), seed.getKey() + " case " + i + " " + mutation + ": " + t);
                    }
                }
            }
        }
        assertThat(failures).as("%d rejected, %d decoded", rejected, decoded).isEmpty();
        assertThat(rejected).isPositive();
        assertThat(decoded).as("damage that leaves an image readable").isPositive();
    }

    private static String signature(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
    }

    /** One damage done to an image, with what it needs to be told apart in a failure message. */
    private record Mutation(String kind, int at, int length) {
        static Mutation random(Random random, int size) {
            String[] kinds = {"flip", "flip", "set", "set", "truncate", "delete", "duplicate", "insert", "word"};
            String kind = kinds[random.nextInt(kinds.length)];
            // headers and table segments are near the start: damage there more often
            int at = random.nextInt(3) == 0 ? random.nextInt(Math.min(size, 300)) : random.nextInt(size);
            return new Mutation(kind, at, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
        }

        byte[] apply(byte[] image, Random random) {
            byte[] out = image.clone();
            switch (kind) {
                case "flip" -> {
                    for (int i = 0; i < length && at + i < out.length; i++) {
                        out[at + i] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case "set" -> {
                    byte[] values = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1, (byte) 0xd9, (byte) 0xd8};
                    out[at] = values[random.nextInt(values.length)];
                }
                case "word" -> {
                    int[] words = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000, 65500};
                    int word = words[random.nextInt(words.length)];
                    for (int i = 0; i < 4 && at + i < out.length; i++) {
                        out[at + i] = (byte) (word >>> (24 - 8 * i));
                    }
                }
                case "truncate" -> out = Arrays.copyOf(out, at);
                case "delete" -> out = splice(out, at, Math.min(length, out.length - at), new byte[0]);
                case "duplicate" -> out = splice(out, at, 0,
                        Arrays.copyOfRange(out, at, Math.min(out.length, at + length)));
                case "insert" -> {
                    byte[] noise = new byte[length];
                    random.nextBytes(noise);
                    out = splice(out, at, 0, noise);
                }
                default -> throw new IllegalStateException(kind);
            }
            return out;
        }

        private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
            byte[] out = new byte[in.length - remove + insert.length];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
            return out;
        }
    }

    /** Small images of every layout a decoding path handles. */
    private static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        BufferedImage photo = photo(150, 100);
        seeds.put("jpeg 4:2:0", new JpegWriter().write(photo));
        seeds.put("jpeg 4:4:4 restarts", new JpegWriter().sampling(1, 1).restartInterval(3).write(photo));
        seeds.put("jpeg scan per component", new JpegWriter().sampling(2, 1).scanPerComponent().write(photo));
        seeds.put("jpeg grey", new JpegWriter().write(grey(photo)));
        seeds.put("jpeg progressive", new JpegWriter().progressive().write(photo));
        int w = 60;
        int h = 40;
        for (int colourType : new int[] {0, 2, 3, 4, 6}) {
            PngWriter writer = new PngWriter(w, h, colourType).idatChunkBytes(300);
            if (colourType == 3) {
                byte[] palette = new byte[256 * 3];
                new Random(3).nextBytes(palette);
                writer.palette(palette);
            }
            seeds.put("png colour type " + colourType, writer.write(pixels(w * h * writer.bytesPerPixel())));
        }
        seeds.put("pgm", pnm("P5", w, h, pixels(w * h)));
        seeds.put("ppm", pnm("P6", w, h, pixels(w * h * 3)));
        seeds.put("bmp", encode(photo, "bmp"));
        seeds.put("gif", encode(photo, "gif"));
        return seeds;
    }

    private static BufferedImage photo(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + random.nextInt(30)) & 0xff;
                int g = (y * 255 / h) & 0xff;
                int b = ((x ^ y) * 4 + random.nextInt(20)) & 0xff;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static BufferedImage grey(BufferedImage colour) {
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(colour, 0, 0, null);
        return grey;
    }

    private static byte[] pixels(int n) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) (i * 7 + (i >> 5));
        }
        return pixels;
    }

    private static byte[] pnm(String magic, int w, int h, byte[] pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((magic + "\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(pixels);
        return out.toByteArray();
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format, out)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
