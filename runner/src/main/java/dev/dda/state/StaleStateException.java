package dev.dda.state;

/** The stored state moved on since it was read. */
public class StaleStateException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public StaleStateException(String message) {
        super(message);
    }
}
