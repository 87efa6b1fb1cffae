package dev.dda.plan;

/**
 * What a plan was computed against; a saved plan whose state serial or lineage no longer matches is refused.
 *
 * @param gitCommit null outside a git work tree
 */
public record PlannedAgainst(String specFile, String specHash, String gitCommit, boolean gitDirty,
                             String stateLineage, long stateSerial, String target) {
}
