package dev.dda.target.local.device;

/** A lifecycle step exited non-zero or ran past its timeout; the message names the step and the log. */
public class StepFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message);
    }
}
