package dev.dda.git;

/** A git question could not be answered: no repository, an unknown revision, a path absent at a revision. */
public class GitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
