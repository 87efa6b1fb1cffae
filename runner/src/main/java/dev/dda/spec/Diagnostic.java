package dev.dda.spec;

/**
 * One problem found in a spec or another input: where, what is wrong and what would be right.
 * Rendered as {@code FILE:LINE:COLUMN: message}.
 */
public record Diagnostic(Severity severity, SourceLocation location, String field, String message) {
    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(SourceLocation location, String field, String message) {
        return new Diagnostic(Severity.ERROR, location, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String render() {
        String where = location.toString();
        String prefix = severity == Severity.WARNING ? "warning: " : "";
        return where + ": " + prefix + (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }
}
