package dev.dda.target;

import dev.dda.spec.LoadedSpec;

/**
 * Opens a target by the name a spec gives in {@code target:}. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.dda.target.TargetProvider}), so that the engine and the CLI name no target.
 */
public interface TargetProvider {
    String name();

    Target open(LoadedSpec spec, TargetOptions options) throws TargetException;
}
