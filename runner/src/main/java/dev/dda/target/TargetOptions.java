package dev.dda.target;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to open a target, from the command line and the environment.
 *
 * @param localRoot where the local target keeps everything (state, buckets, devices); {@code --root}, else
 *     {@code DDA_ROOT}, else {@code .dda} in the working directory
 * @param env the process environment (endpoint overrides, credentials chain inputs)
 */
public record TargetOptions(Path localRoot, Map<String, String> env) {
    public TargetOptions {
        env = Map.copyOf(env);
    }
}
