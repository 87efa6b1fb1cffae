package dev.dda.edge.model;

/** A model package that cannot be used: unreadable, invalid manifest, or files that do not match their digests. */
public class ModelPackageException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelPackageException(String message) {
        super(message);
    }

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
