package dev.dda.edge.runtime;

/**
 * What one model name is doing now.
 *
 * @param servingVersion the version answering requests, or null
 * @param loadingVersion the version being loaded (while the serving one keeps answering), or null
 * @param failedVersion the version whose last load failed, or null
 * @param reason why the last load failed, or null
 * @param unloadAt when an unload asked with a delay will stop the serving version (ISO-8601), or null
 */
public record ModelStatus(String name, ModelState state, String servingVersion, String loadingVersion,
                          String failedVersion, String reason, String unloadAt) {}
