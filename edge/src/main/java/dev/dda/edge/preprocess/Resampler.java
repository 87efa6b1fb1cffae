package dev.dda.edge.preprocess;

/**
 * One axis of a separable resize: for each output index, the source indices and weights that make it. Shrinking
 * averages the covered source pixels weighted by overlap (OpenCV's INTER_AREA, as the DDA models were trained with),
 * so small defects are not skipped the way bilinear sampling skips them; enlarging interpolates linearly between
 * pixel centres. Pure Java arithmetic: the trainer and the server get the same numbers on every machine.
 */
final class Resampler {
    final int[] start;
    final float[][] weights;

    private Resampler(int[] start, float[][] weights) {
        this.start = start;
        this.weights = weights;
    }

    static Resampler of(int srcLen, int dstLen) {
        return dstLen <= srcLen ? area(srcLen, dstLen) : linear(srcLen, dstLen);
    }

    /** Area averaging: each output pixel weighs each source pixel by the part of it that it covers. */
    private static Resampler area(int srcLen, int dstLen) {
        return blocks(srcLen, 1, dstLen);
    }

    /**
     * Area averaging of {@code fullLen} pixels given as the means of blocks of {@code block} pixels (the last block
     * may be partial: it stands for the pixels left) into {@code dstLen}: each output pixel weighs each block by the
     * pixels it shares with it. A JPEG's DC image needs this: its last block column often covers fewer than 8 pixels,
     * and counting it as a whole block would stretch the image by up to 7 pixels.
     */
    static Resampler blocks(int fullLen, int block, int dstLen) {
        double scale = (double) fullLen / dstLen;
        int[] start = new int[dstLen];
        float[][] weights = new float[dstLen][];
        for (int d = 0; d < dstLen; d++) {
            double from = d * scale;
            double to = Math.min(fullLen, (d + 1) * scale);
            int first = (int) Math.floor(from / block);
            int last = Math.min((fullLen - 1) / block, (int) Math.ceil(to / block) - 1);
            float[] w = new float[last - first + 1];
            for (int b = first; b <= last; b++) {
                double overlap = Math.min(to, Math.min(fullLen, (b + 1) * (double) block)) - Math.max(from, b * block);
                w[b - first] = (float) (Math.max(0, overlap) / scale);
            }
            start[d] = first;
            weights[d] = w;
        }
        return new Resampler(start, weights);
    }

    private static Resampler linear(int srcLen, int dstLen) {
        double scale = (double) srcLen / dstLen;
        int[] start = new int[dstLen];
        float[][] weights = new float[dstLen][];
        for (int d = 0; d < dstLen; d++) {
            double centre = Math.max(0, Math.min(srcLen - 1, (d + 0.5) * scale - 0.5));
            int left = (int) Math.floor(centre);
            int right = Math.min(srcLen - 1, left + 1);
            float frac = (float) (centre - left);
            start[d] = left;
            weights[d] = right == left ? new float[] {1f} : new float[] {1f - frac, frac};
        }
        return new Resampler(start, weights);
    }
}
