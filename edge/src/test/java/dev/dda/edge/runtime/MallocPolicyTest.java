package dev.dda.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MallocPolicyTest {
    /** glibc's chunk header, the word before a block, has this bit set when the block is a mapping of its own. */
    private static final long IS_MMAPPED = 2;

    @Test
    void apply_whenOperatorSetAThreshold_leavesMallocAlone() {
        assertThat(MallocPolicy.apply(Map.of("MALLOC_MMAP_THRESHOLD_", "1048576")))
                .isEqualTo(MallocPolicy.Outcome.LEFT_TO_OPERATOR);
        assertThat(MallocPolicy.apply(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")))
                .isEqualTo(MallocPolicy.Outcome.LEFT_TO_OPERATOR);
    }

    /**
     * Without the policy, freeing the 24 MiB block raises glibc's threshold to 24 MiB and the 12 MiB block comes
     * from a heap; with it, the 12 MiB block is still a mapping of its own (returned to the system when freed),
     * while a 1 MiB block, the size of a model's tensors, still comes from a heap.
     */
    @Test
    void apply_onGlibc_keepsMappingLargeBlocksAfterALargerOneIsFreed() {
        MallocPolicy.Outcome outcome = MallocPolicy.apply(Map.of());
        assumeTrue(outcome != MallocPolicy.Outcome.UNAVAILABLE, "not glibc: malloc has no such threshold");
        assertThat(outcome).isEqualTo(MallocPolicy.Outcome.APPLIED);
        Native.free(Native.malloc(24L << 20));
        long large = Native.malloc(12L << 20);
        long small = Native.malloc(1L << 20);
        try {
            assertThat(chunkHeader(large) & IS_MMAPPED).as("12 MiB block mapped on its own").isEqualTo(IS_MMAPPED);
            assertThat(chunkHeader(small) & IS_MMAPPED).as("1 MiB block from a heap").isZero();
        } finally {
            Native.free(large);
            Native.free(small);
        }
    }

    private static long chunkHeader(long block) {
        assertThat(block).isNotZero();
        return new Pointer(block).getLong(-Long.BYTES);
    }
}
