package dev.dda.apply;

/** Apply refused to start (a stale plan, a plan that does not fit the spec) or lost its footing. */
public class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
