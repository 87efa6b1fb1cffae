package dev.dda.train;

/** Training cannot go on: bad data, bad hyperparameters, or TensorFlow refused. The message says what to fix. */
public class TrainingException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
