package dev.dda.edge;

import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Failures in words, for the last line a command prints. */
public final class Failures {
    private Failures() {}

    /**
     * What went wrong and with what: file-system and connection errors carry only a path or "Connection refused"
     * as their message, which says neither.
     */
    public static String describe(Exception e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be used" : f.getReason());
        }
        if (e instanceof ConnectException) {
            return "cannot connect (" + e.getMessage() + "); is the server running, and is the URL right?";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
