package dev.dda.edge.runtime;

/**
 * What one model name is doing now.
 *
 * @param servingVersion the version answering requests, or null
 * @param loadingVersion the version being loaded (while the serving one keeps answering), or null
 * @param failedVersion the version whose last load failed, or null
 * @param reason why the last load failed, or null
 */
public record ModelStatus(String name, ModelState state, String servingVersion, String loadingVersion,
                          String failedVersion, String reason) {}
