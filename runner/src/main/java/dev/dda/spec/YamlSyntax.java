package dev.dda.spec;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns SnakeYAML's syntax errors into diagnostics that say where, what is wrong and what would be right. */
final class YamlSyntax {
    private YamlSyntax() {}

    static Diagnostic diagnostic(String file, MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark problemMark = e.getProblemMark().orElse(null);
        Mark contextMark = e.getContextMark().orElse(null);
        if (problem.contains("\\t") || problem.contains("\t") || problem.contains("tab")) {
            return Diagnostic.error(at(file, problemMark), "",
                    "a tab character in indentation; YAML indents with spaces only: replace the tab with spaces");
        }
        if (context.contains("quoted scalar") && contextMark != null) {
            char quote = quoteAt(contextMark);
            return Diagnostic.error(at(file, contextMark), "",
                    "this " + (quote == '\'' ? "single" : "double") + "-quoted string is never closed; add the closing "
                            + quote + " on the same line");
        }
        String what = problem.isEmpty() ? e.getMessage() : problem;
        String hint = context.isEmpty() ? "" : " (" + context + (contextMark == null ? ""
                : " at line " + (contextMark.getLine() + 1) + ", column " + (contextMark.getColumn() + 1)) + ")";
        return Diagnostic.error(at(file, problemMark != null ? problemMark : contextMark), "",
                "not valid YAML: " + what + hint + "; check the indentation and quoting here");
    }

    private static char quoteAt(Mark mark) {
        int[] buffer = mark.getBuffer();
        int at = mark.getPointer();
        return buffer != null && at >= 0 && at < buffer.length && buffer[at] == '\'' ? '\'' : '"';
    }

    private static SourceLocation at(String file, Mark mark) {
        return mark == null ? new SourceLocation(file, 1, 1)
                : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
