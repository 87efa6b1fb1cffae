package dev.dda.target;

/**
 * A target could not do what was asked. The message is for the user: what failed and, where known, why
 * (an API error code, a job's failure reason) and what to do.
 */
public class TargetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public TargetException(String message) {
        this(message, null, false);
    }

    public TargetException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public TargetException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
