package dev.dda.edge.runtime;

/** The asked model exists (or may) but cannot answer now: not loaded yet, loading, unloaded, or failed. */
public class ModelNotReadyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ModelStatus status;

    public ModelNotReadyException(ModelStatus status, String message) {
        super(message);
        this.status = status;
    }

    public ModelStatus status() {
        return status;
    }
}
