package dev.dda.spec;

import java.util.List;
import java.util.Optional;

/** The outcome of loading a spec: the spec when it is valid, and every diagnostic found. */
public record SpecResult(LoadedSpec specOrNull, List<Diagnostic> diagnostics) {
    public SpecResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public Optional<LoadedSpec> spec() {
        return Optional.ofNullable(specOrNull);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
