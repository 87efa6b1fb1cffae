package dev.dda.cli;

/** The command line itself is wrong; the message says what would be right. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
