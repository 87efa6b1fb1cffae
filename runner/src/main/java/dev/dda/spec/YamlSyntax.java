package dev.dda.spec;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/** Turns SnakeYAML's syntax errors into diagnostics that say where, what is wrong and what would be right. */
final class YamlSyntax {
    private YamlSyntax() {}

    static Diagnostic diagnostic(String file, String text, LoadSettings settings, MarkedYamlEngineException e) {
        Optional<Mark> runaway = runawayQuote(text, settings);
        if (runaway.isPresent()) {
            return unclosed(file, runaway.get());
        }
        return diagnostic(file, e);
    }

    private static Diagnostic diagnostic(String file, MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark problemMark = e.getProblemMark().orElse(null);
        Mark contextMark = e.getContextMark().orElse(null);
        if (problem.contains("\\t") || problem.contains("\t") || problem.contains("tab")) {
            return Diagnostic.error(at(file, problemMark), "",
                    "a tab character in indentation; YAML indents with spaces only: replace the tab with spaces");
        }
        if (context.contains("quoted scalar") && contextMark != null) {
            return unclosed(file, contextMark);
        }
        String what = problem.isEmpty() ? e.getMessage() : problem;
        String hint = context.isEmpty() ? "" : " (" + context + (contextMark == null ? ""
                : " at line " + (contextMark.getLine() + 1) + ", column " + (contextMark.getColumn() + 1)) + ")";
        return Diagnostic.error(at(file, problemMark != null ? problemMark : contextMark), "",
                "not valid YAML: " + what + hint + "; check the indentation and quoting here");
    }

    private static Diagnostic unclosed(String file, Mark start) {
        char quote = quoteAt(start);
        return Diagnostic.error(at(file, start), "", "this " + (quote == '\'' ? "single" : "double")
                + "-quoted string is not closed on its line; add the closing " + quote
                + " (an unclosed string runs on into the lines after it)");
    }

    /**
     * A quoted string that spans lines is legal YAML but, in a spec, nearly always a missing closing quote whose
     * string swallowed what follows until the next quote; the syntax error then shows far from the cause.
     */
    private static Optional<Mark> runawayQuote(String text, LoadSettings settings) {
        ScannerImpl scanner = new ScannerImpl(settings, new StreamReader(settings, text));
        try {
            while (scanner.hasNext()) {
                Token token = scanner.next();
                if (token instanceof ScalarToken s && s.getStyle() != ScalarStyle.PLAIN
                        && s.getStyle() != ScalarStyle.LITERAL && s.getStyle() != ScalarStyle.FOLDED
                        && s.getStartMark().isPresent() && s.getEndMark().isPresent()
                        && s.getStartMark().get().getLine() != s.getEndMark().get().getLine()) {
                    return s.getStartMark();
                }
            }
        } catch (MarkedYamlEngineException e) {
            return Optional.empty();
        }
        return Optional.empty();
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
