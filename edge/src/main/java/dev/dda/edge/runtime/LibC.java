package dev.dda.edge.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C library calls the runtime makes, through JNA: glibc's malloc tuning ({@link MallocPolicy}) and the POSIX
 * descriptor calls that filter TensorFlow's start-up lines ({@link TensorFlowStart}). JNA binds each function
 * when it is first called, so a C library without one (musl has no mallopt) fails that call alone, with a
 * {@link LinkageError}.
 */
interface LibC extends Library {
    /** @throws LinkageError when there is no C library JNA can load */
    static LibC load() {
        return Native.load("c", LibC.class);
    }

    int mallopt(int param, int value);

    int pipe(int[] fds);

    int dup(int fd);

    int dup2(int from, int to);

    int close(int fd);

    long read(int fd, byte[] buf, long count);

    long write(int fd, byte[] buf, long count);
}
