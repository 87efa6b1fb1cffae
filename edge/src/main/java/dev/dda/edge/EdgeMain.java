package dev.dda.edge;

/** Entry point of {@code java -jar dda-edge.jar}. */
public final class EdgeMain {
    private EdgeMain() {}

    public static void main(String[] args) {
        System.err.println("dda edge: not built yet");
        System.exit(1);
    }
}
