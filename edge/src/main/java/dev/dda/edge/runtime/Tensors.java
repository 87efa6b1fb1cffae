package dev.dda.edge.runtime;

import java.util.Arrays;

/**
 * A float tensor as plain Java data, the form the v2 protocol's JSON carries: shape and row-major values.
 */
public record Tensors(long[] shape, float[] data) {
    public Tensors {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }
}
