package dev.dda.target;

import dev.dda.graph.Address;
import java.nio.file.Path;
import java.util.Map;

/** What a handler may know while planning. Planning never changes the target. */
public interface PlanContext {
    String pipeline();

    /** The folder of the spec file: relative paths in the spec resolve against it. */
    Path specDirectory();

    /** The content digest of a resource: its attributes and, transitively, its dependencies' digests. */
    String digest(Address address);

    /**
     * The content key of a resource: a digest of only what shapes what it produces, and its dependencies' keys.
     * What jobs and packages are named after; see {@code Digests.contentKeys}.
     */
    String contentKey(Address address);

    /**
     * The outputs a dependency had when it was last applied (from state), or an empty map when it has not been
     * applied yet ("known after apply").
     */
    Map<String, Object> outputsOf(Address address);

    /**
     * The attributes the spec gives a resource (another one, such as the fleet a deployment goes to), or empty when
     * the spec has no such resource: what is known before it was ever applied.
     */
    java.util.Optional<Map<String, Object>> desiredAttributes(Address address);

    /** The git commit the spec comes from, or null. */
    String gitCommit();

    Progress progress();
}
