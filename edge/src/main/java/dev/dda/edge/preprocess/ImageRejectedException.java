package dev.dda.edge.preprocess;

/** An input that is not an image we can use; the message says what is wrong, for a 4xx answer. */
public class ImageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public enum Reason { EMPTY, UNSUPPORTED_FORMAT, CORRUPT, TOO_LARGE }

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Data that is not a valid image of its format. */
    static ImageRejectedException corrupt(String message) {
        return new ImageRejectedException(Reason.CORRUPT, message);
    }

    public Reason reason() {
        return reason;
    }
}
