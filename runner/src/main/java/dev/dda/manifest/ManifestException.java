package dev.dda.manifest;

import java.util.List;

/** A manifest that cannot be used, with every problem found (not only the first). */
public class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 20;
    private final transient List<ManifestProblem> problems;

    public ManifestException(List<ManifestProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ManifestProblem> problems() {
        return problems;
    }

    private static String describe(List<ManifestProblem> problems) {
        StringBuilder b = new StringBuilder();
        problems.stream().limit(SHOWN).forEach(p -> b.append(b.length() == 0 ? "" : "\n").append(p));
        if (problems.size() > SHOWN) {
            b.append("\n(and ").append(problems.size() - SHOWN).append(" more problems)");
        }
        return b.toString();
    }
}
