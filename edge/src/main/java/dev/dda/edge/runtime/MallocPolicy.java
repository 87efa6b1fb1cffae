package dev.dda.edge.runtime;

import java.util.Map;

/**
 * Fixes glibc malloc's mmap and trim thresholds for the server's process, so that the native heap does not stay
 * at the peak a burst of large or lying images made it reach.
 *
 * <p>glibc serves blocks above the threshold (128 KiB at start) with their own mappings, and when one is freed it
 * raises the threshold to that block's size and the trim threshold to twice that: from then on, blocks up to that
 * size come from the heaps, and each of the 16 heaps of a 2-core process may keep twice that free before giving
 * any back. A PNG whose header claims 26 MB of pixels (a damaged one, in bench/edge-soak) is enough: the soak's RSS
 * rose from 576 MiB to 732 MiB right after it and kept creeping. Once either value is set, glibc stops adjusting
 * both: blocks over {@link #MMAP_THRESHOLD} are mapped and unmapped on their own, a heap gives back free memory
 * past {@link #TRIM_THRESHOLD} (glibc's own starting value), and the same soak stayed at 512-555 MiB. The
 * exemplar model's tensors (a few MB per call) stay below the threshold, so a call still reuses heap memory
 * instead of faulting in new pages; a model whose tensors are larger maps them afresh on each call, which cost
 * nothing measurable for a 384x384 RGB demo model with a 9.4 MiB first activation (88-91 calls/s either way).
 */
public final class MallocPolicy {
    /** Blocks larger than this are mapped on their own and returned to the system when freed. */
    public static final int MMAP_THRESHOLD = 8 << 20;
    /** Free memory a heap keeps at its top before giving it back. */
    public static final int TRIM_THRESHOLD = 128 << 10;
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    private MallocPolicy() {}

    /** What {@link #apply} did; UNAVAILABLE: no glibc mallopt (musl), or it refused the values. */
    public enum Outcome { APPLIED, LEFT_TO_OPERATOR, UNAVAILABLE }

    /**
     * Sets both thresholds unless the operator set either (through {@code MALLOC_MMAP_THRESHOLD_},
     * {@code MALLOC_TRIM_THRESHOLD_} or {@code GLIBC_TUNABLES}), which glibc has already applied.
     */
    public static Outcome apply(Map<String, String> env) {
        String tunables = env.getOrDefault("GLIBC_TUNABLES", "");
        if (env.containsKey("MALLOC_MMAP_THRESHOLD_") || env.containsKey("MALLOC_TRIM_THRESHOLD_")
                || tunables.contains("glibc.malloc.mmap_threshold")
                || tunables.contains("glibc.malloc.trim_threshold")) {
            return Outcome.LEFT_TO_OPERATOR;
        }
        try {
            LibC c = LibC.load();
            boolean set = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1;
            return set ? Outcome.APPLIED : Outcome.UNAVAILABLE;
        } catch (LinkageError e) {
            return Outcome.UNAVAILABLE;
        }
    }
}
