package dev.dda.edge.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decode, colour, resize, normalise: the one place where an image becomes model input. The trainer and the
 * server both call it, so training and serving cannot drift.
 *
 * <p>Decoding reads the header first and refuses images whose pixel count exceeds the limit before any pixel is
 * decoded, so a decompression bomb costs nothing. 8-bit non-interlaced PNGs (grey, RGB, palette, grey + alpha,
 * RGBA: what cameras and our data sets produce) take a fast path: {@link PngRows} inflates (with the system's
 * libdeflate when it has one, else zlib) and unfilters, and {@link PngPixelRows} feeds the rows straight into the
 * resize, with no BufferedImage; it keeps the same pixels and does the same arithmetic as the ImageIO path, so
 * both give the same floats (PngFastPathTest holds them to it). A raw 8-bit frame (binary PGM or PPM, what a
 * Mono8 or RGB8 camera delivers) needs no decoding: {@link PnmPixelRows} feeds its bytes to the resize the same
 * way. A sequential Huffman JPEG (grey or YCbCr, sampling factors 1 or 2) whose 1/8-scale image is at least the
 * model input is decoded from its DC coefficients alone: {@link JpegDcDecoder} skips every AC coefficient and the
 * inverse DCT, keeps one value per 8x8 block, and the block means are area-resized (within 0.06 of a full
 * decode's input where ImageIO's subsampled read was within 0.12; JpegFastPathTest). Everything else (other
 * JPEGs, BMP, GIF, 16-bit or interlaced PNG) is decoded by ImageIO. Colour: grey images are read as they are
 * (Java's sRGB conversion of linear grey would brighten them), alpha is dropped (as OpenCV does), RGB is turned
 * to grey with ITU-R 601 weights when the model wants one channel. Resizing is separable area averaging when
 * shrinking and linear when enlarging (see {@link Resampler}); rows stream through it, so memory stays
 * proportional to the model input, not to the photo. Output is HWC floats, {@code (pixel/255 - mean) / std}.
 *
 * <p>Speed, the aliens' 550x380 RGB photo to 64x44 grey on a shared 2-core VM: 0.57 ms as a PNG with libdeflate
 * (inflating is 0.40 ms of it, and every byte must be inflated whatever the subsampling), about 1.8 ms with zlib,
 * 2.8-3.2 ms through ImageIO; 0.08-0.12 ms as a raw frame. As a JPEG (quality 0.9) from its DC coefficients:
 * 0.13 ms (ImageIO: 0.60-0.67 ms); a 1920x1080 JPEG 1.13 ms (ImageIO 3.2-3.4 ms), 2592x1944 2.45 ms (ImageIO
 * 7.2 ms), nearly all of it Huffman decoding, which every coefficient needs.
 */
public final class Preprocessor {
    /** 40 megapixels: any camera a line uses, far below what would exhaust memory. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** Decoded pixels kept per output pixel along each axis when subsampling (see {@link #subsampling}). */
    static final int KEPT_PER_OUTPUT = 2;
    /** Source sizes whose resize weights are kept; more sizes than this start the cache afresh. */
    private static final int RESAMPLERS_KEPT = 32;
    /** The formats taken through ImageIO, by its format names. */
    private static final List<String> FORMATS = List.of("png", "jpeg", "bmp", "gif");
    /** The formats read, as every refusal of a format names them. */
    private static final String SEND_INSTEAD = "send " + String.join(", ", FORMATS).toUpperCase(Locale.ROOT)
            + ", or a raw frame as binary PGM or PPM";
    /** libjpeg's warning for entropy-coded data cut short (JWRN_HIT_MARKER), which ImageIO passes on as a warning. */
    private static final String PREMATURE_END = "premature end of data segment";

    private final InputSpec input;
    private final long maxPixels;
    /** Inflates PNG pixel data in one call when the system has it; null: zlib, streamed. */
    private final LibDeflate libdeflate;
    private final float[] mean;
    private final float[] std;
    /** Resize weights by source width and height (the output size is this preprocessor's). */
    private final Map<Integer, Resampler> acrossBySource = new ConcurrentHashMap<>();
    private final Map<Integer, Resampler> downBySource = new ConcurrentHashMap<>();
    /** Weights that resize a JPEG's DC image, by the JPEG's full width and height. */
    private final Map<Integer, Resampler> dcAcrossByWidth = new ConcurrentHashMap<>();
    private final Map<Integer, Resampler> dcDownByHeight = new ConcurrentHashMap<>();

    private Preprocessor(InputSpec input, long maxPixels) {
        this(input, maxPixels, LibDeflate.system().orElse(null));
    }

    private Preprocessor(InputSpec input, long maxPixels, LibDeflate libdeflate) {
        this.libdeflate = libdeflate;
        this.input = input;
        this.maxPixels = maxPixels;
        this.mean = toFloats(input.mean());
        this.std = toFloats(input.std());
    }

    public static Preprocessor create(InputSpec input) {
        return new Preprocessor(input, DEFAULT_MAX_PIXELS);
    }

    public static Preprocessor create(InputSpec input, long maxPixels) {
        return new Preprocessor(input, maxPixels);
    }

    /** The same preprocessing with PNGs always inflated by the JDK's zlib (tests compare the two). */
    Preprocessor withZlibOnly() {
        return new Preprocessor(input, maxPixels, null);
    }

    /** True when PNG pixel data goes through the system's libdeflate. */
    public boolean usesLibdeflate() {
        return libdeflate != null;
    }

    public InputSpec input() {
        return input;
    }

    /** Model input (HWC floats) and the size in pixels of the image it was made from. */
    public record Prepared(float[] input, int width, int height) {}

    /** Bytes of an encoded image to model input, HWC floats. */
    public float[] prepare(byte[] encoded) throws ImageRejectedException {
        return prepareSized(encoded).input();
    }

    /**
     * Bytes of an encoded image to model input, with the image's own size. An image at least twice the model input
     * in both dimensions is decoded with source subsampling (see {@link #subsampling}), which skips most of the
     * per-pixel decoding work of a camera-sized photo; the area resize then averages what remains.
     */
    public Prepared prepareSized(byte[] encoded) throws ImageRejectedException {
        if (encoded != null && PngImage.isPng(encoded)) {
            PngImage header = PngImage.header(encoded);
            checkSize(header.width(), header.height());
            if (header.rowsSupported()) {
                return preparePng(PngImage.parse(encoded));
            }
        }
        if (encoded != null && PnmImage.isPnm(encoded)) {
            PnmImage frame = PnmImage.header(encoded);
            checkSize(frame.width(), frame.height());
            frame.checkLength();
            return prepareFrame(frame);
        }
        JpegImage jpeg = jpegForDcPath(encoded);
        if (jpeg != null) {
            return prepareJpeg(jpeg);
        }
        return prepareWithImageIo(encoded);
    }

    /**
     * The header of a JPEG that the DC fast path decodes, its size checked; null for anything else, and a refusal for
     * a JPEG that no decoder here reads (see {@link JpegImage#undecodable}). The fast path takes sequential Huffman
     * JPEGs (grey or YCbCr, sampling factors 1 or 2) whose DC image (one pixel per 8x8 block) is at least the model
     * input's size (see {@link JpegImage#dcFits}): a smaller image keeps more detail through ImageIO. A header this
     * parser refuses goes to ImageIO too, which judges it as before the fast path existed: libjpeg reads, with a
     * warning, headers with stray bytes between segments that some cameras write, and a faster path must not refuse
     * what the server used to read.
     */
    JpegImage jpegForDcPath(byte[] encoded) throws ImageRejectedException {
        if (encoded == null || !JpegImage.isJpeg(encoded)) {
            return null;
        }
        JpegImage jpeg;
        try {
            jpeg = JpegImage.parse(encoded);
        } catch (ImageRejectedException | RuntimeException unusual) {
            return null;
        }
        checkSize(jpeg.frame().width(), jpeg.frame().height());
        String undecodable = jpeg.undecodable();
        if (undecodable != null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "the image is "
                    + undecodable + ", which is not supported; send a baseline or progressive JPEG with 8-bit"
                    + " samples (grey, colour or CMYK), or a PNG");
        }
        return jpeg.unsupported() == null && jpeg.dcFits(input.width(), input.height(), input.channels()) ? jpeg
                : null;
    }

    /**
     * The JPEG fast path: each 8x8 block's mean from its DC coefficient, no inverse DCT, and that 1/8-scale image
     * resized as any other.
     */
    Prepared prepareJpeg(JpegImage jpeg) throws ImageRejectedException {
        try {
            JpegDcImage dc = JpegDcDecoder.decode(jpeg);
            int width = jpeg.frame().width();
            int height = jpeg.frame().height();
            Resampler across = resampler(dcAcrossByWidth, width, w -> Resampler.blocks(w, 8, input.width()));
            Resampler down = resampler(dcDownByHeight, height, h -> Resampler.blocks(h, 8, input.height()));
            float[] out = toInput(new JpegDcRows(dc, input.channels()), across, down, dc.height());
            return new Prepared(out, width, height);
        } catch (RuntimeException e) {
            // as on the ImageIO path: whatever a hostile file provokes is a rejected image, not a server error
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "the JPEG could not be decoded: " + e);
        }
    }

    /** The general path: any format ImageIO reads, through a BufferedImage (subsampled when the image is large). */
    Prepared prepareWithImageIo(byte[] encoded) throws ImageRejectedException {
        Decoded d = decode(encoded, true);
        return new Prepared(toInput(d.image()), d.width(), d.height());
    }

    /**
     * The PNG fast path: rows inflated and unfiltered one at a time and fed straight into the resize, the same
     * pixels kept as ImageIO's subsampled read keeps and the same arithmetic, so the floats are the same.
     */
    private Prepared preparePng(PngImage png) throws ImageRejectedException {
        Steps steps = steps(png.width(), png.height());
        try (PngRows rows = new PngRows(png, libdeflate)) {
            PngPixelRows pixels = new PngPixelRows(png, rows, input.channels(), steps.sx(), steps.sy());
            float[] out = toInput(pixels, pixels.keptWidth(), pixels.keptHeight());
            rows.finish();
            return new Prepared(out, (int) png.width(), (int) png.height());
        } catch (PngPixelRows.Rejected e) {
            throw e.rejection();
        } catch (RuntimeException e) {
            // as on the ImageIO path: whatever a hostile file provokes is a rejected image, not a server error
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "the PNG could not be decoded: " + e);
        }
    }

    /** A raw frame (binary PGM or PPM): resized straight from its bytes, as the PNG path resizes its rows. */
    private Prepared prepareFrame(PnmImage frame) {
        Steps steps = steps(frame.width(), frame.height());
        PnmPixelRows pixels = new PnmPixelRows(frame, input.channels(), steps.sx(), steps.sy());
        return new Prepared(toInput(pixels, pixels.keptWidth(), pixels.keptHeight()), (int) frame.width(),
                (int) frame.height());
    }

    /** Source subsampling steps: both axes subsample (steps of at least 2) or neither does (steps of 1). */
    private record Steps(int sx, int sy) {}

    private Steps steps(long width, long height) {
        int sx = subsampling((int) width, input.width());
        int sy = subsampling((int) height, input.height());
        return sx < 2 || sy < 2 ? new Steps(1, 1) : new Steps(sx, sy);
    }

    /** The full image, every pixel decoded. */
    public BufferedImage decode(byte[] encoded) throws ImageRejectedException {
        return decode(encoded, false).image();
    }

    private record Decoded(BufferedImage image, int width, int height) {}

    private Decoded decode(byte[] encoded, boolean subsample) throws ImageRejectedException {
        if (encoded == null || encoded.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "the image is empty (0 bytes)");
        }
        // a memory-cached stream: ImageIO's default may spill every request to a temp file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                        "not a supported image; " + SEND_INSTEAD);
            }
            ImageReader reader = readers.next();
            try {
                return read(reader, in, subsample);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO signals truncated or corrupt data with IOException and, for some codecs, runtime errors
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "the image could not be decoded (truncated or corrupt): " + e.getMessage());
        }
    }

    private Decoded read(ImageReader reader, ImageInputStream in, boolean subsample)
            throws IOException, ImageRejectedException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                    "image format " + format + " is not supported; " + SEND_INSTEAD);
        }
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        checkSize(width, height);
        List<String> truncation = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warning.contains(PREMATURE_END)) {
                truncation.add(warning);
            }
        });
        Steps steps = steps(width, height);
        BufferedImage image;
        if (!subsample || steps.sx() == 1) {
            image = reader.read(0);
        } else {
            ImageReadParam param = reader.getDefaultReadParam();
            // the centre pixel of each sx-by-sy block stands for it
            param.setSourceSubsampling(steps.sx(), steps.sy(), steps.sx() / 2, steps.sy() / 2);
            image = reader.read(0, param);
        }
        if (!truncation.isEmpty()) {
            // libjpeg fills what is missing with grey and only warns; the JPEG fast path and the PNG paths refuse
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, "the "
                    + format.toUpperCase(Locale.ROOT) + " is truncated: its data ends before the image does ("
                    + truncation.get(0) + ")");
        }
        return new Decoded(image, (int) width, (int) height);
    }

    /** Refuses an image by its header's size, before a pixel is decoded: a decompression bomb costs nothing. */
    private void checkSize(long width, long height) throws ImageRejectedException {
        if (width < 1 || height < 1) {
            throw ImageRejectedException.corrupt("the image header says " + width + "x" + height
                    + " pixels; an image has at least one pixel each way");
        }
        if (width * height > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                    "image is " + width + "x" + height + " pixels; at most " + maxPixels + " pixels are accepted");
        }
    }

    /**
     * The source subsampling step along one axis: at least {@value #KEPT_PER_OUTPUT} decoded pixels remain per
     * output pixel, so the area resize still averages several samples for each output pixel.
     */
    static int subsampling(int srcLen, int dstLen) {
        return Math.max(1, srcLen / (KEPT_PER_OUTPUT * dstLen));
    }

    /** A decoded image to model input: coloured, resized, scaled, normalised; HWC order. */
    public float[] toInput(BufferedImage image) {
        return toInput(PixelRows.of(image, input.channels()), image.getWidth(), image.getHeight());
    }

    /** Rows of a {@code srcW} x {@code srcH} image, read in increasing order, to model input. */
    private float[] toInput(PixelRows rows, int srcW, int srcH) {
        return toInput(rows, resampler(acrossBySource, srcW, input.width()),
                resampler(downBySource, srcH, input.height()), srcH);
    }

    /** Rows of {@code srcH} source rows resized by {@code across} and {@code down} to model input. */
    private float[] toInput(PixelRows rows, Resampler across, Resampler down, int srcH) {
        int c = input.channels();
        int dstW = input.width();
        int dstH = input.height();
        // rows resized horizontally, kept only while some output row still needs them
        float[][] shrunk = new float[srcH][];
        float[] out = new float[dstW * dstH * c];
        float[] acc = new float[dstW * c];
        int nextSourceRow = 0;
        int firstKept = 0;
        for (int y = 0; y < dstH; y++) {
            java.util.Arrays.fill(acc, 0f);
            float[] w = down.weights[y];
            for (int k = 0; k < w.length; k++) {
                int sy = down.start[y] + k;
                while (nextSourceRow <= sy) {
                    shrunk[nextSourceRow] = rows.resampled(nextSourceRow, across, c, dstW);
                    nextSourceRow++;
                }
                float[] row = shrunk[sy];
                float wk = w[k];
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += wk * row[i];
                }
            }
            int stillNeeded = y + 1 < dstH ? down.start[y + 1] : nextSourceRow;
            for (; firstKept < stillNeeded; firstKept++) {
                shrunk[firstKept] = null;
            }
            int at = y * dstW * c;
            for (int x = 0; x < dstW; x++) {
                for (int ch = 0; ch < c; ch++) {
                    out[at + x * c + ch] = (acc[x * c + ch] - mean[ch]) / std[ch];
                }
            }
        }
        return out;
    }

    /** Resize weights for one source length: a camera sends one size, so they are computed once, not per image. */
    private static Resampler resampler(Map<Integer, Resampler> cache, int srcLen, int dstLen) {
        return resampler(cache, srcLen, len -> Resampler.of(len, dstLen));
    }

    private static Resampler resampler(Map<Integer, Resampler> cache, int srcLen, IntFunction<Resampler> make) {
        Resampler r = cache.get(srcLen);
        if (r == null) {
            if (cache.size() >= RESAMPLERS_KEPT) {
                cache.clear();
            }
            r = make.apply(srcLen);
            cache.put(srcLen, r);
        }
        return r;
    }

    private static float[] toFloats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
