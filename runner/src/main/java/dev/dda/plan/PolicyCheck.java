package dev.dda.plan;

import dev.dda.graph.Address;

/**
 * One policy the plan was checked against (like an Atlantis policy check): a failed check makes {@code plan}
 * exit 1 after rendering the whole plan, and {@code apply} refuse.
 *
 * @param policy the spec field that states it, such as {@code policy.maxJobCost}
 * @param address the resource it is about, or null for the whole plan
 * @param message what holds or fails, in words a reviewer reads
 */
public record PolicyCheck(String policy, Address address, boolean passed, String message) {
}
