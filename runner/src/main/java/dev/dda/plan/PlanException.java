package dev.dda.plan;

/** Planning could not finish: the message says what went wrong and, where it can, what to do. */
public class PlanException extends Exception {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
