package dev.dda.target;

import dev.dda.state.ResourceState;
import java.util.List;
import java.util.Map;

/** A bucket's {@code forceDestroy}, read the same way by every target: its objects go with it when it is deleted. */
public final class ForceDestroy {
    private ForceDestroy() {}

    public static boolean set(Map<String, Object> bucketAttributes) {
        return Boolean.TRUE.equals(bucketAttributes.get("forceDestroy"));
    }

    /** What the plan says a bucket's delete takes with it. */
    public static List<String> consequences(ResourceState prior) {
        return set(prior.attributes())
                ? List.of("forceDestroy: every object in the bucket is deleted with it, old versions included")
                : List.of();
    }
}
