package dev.dda.edge.runtime;

import org.tensorflow.proto.ConfigProto;

/**
 * Run in a child JVM by {@link TensorFlowStartTest}: starts TensorFlow while another thread writes numbered lines
 * to stderr, so that the test can see that nothing but TensorFlow's hidden lines went missing.
 */
public final class TensorFlowStartProbe {
    static final int LINES = 200;

    private TensorFlowStartProbe() {}

    public static void main(String[] args) throws Exception {
        Thread writer = new Thread(() -> {
            for (int i = 0; i < LINES; i++) {
                System.err.println("probe line " + i);
            }
        });
        writer.start();
        TensorFlowStart.ensure(ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
                .setInterOpParallelismThreads(-1).build());
        writer.join();
        System.err.println("probe done");
    }
}
