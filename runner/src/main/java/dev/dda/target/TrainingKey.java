package dev.dda.target;

import dev.dda.graph.Resource;
import dev.dda.render.ContentVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What names a training job on every target: a hash of the attributes that shape the model (everything but the
 * gates, which only judge it) and the content digests of its inputs. A changed gate therefore re-judges the
 * finished job instead of paying for another run; any other change trains again.
 */
public final class TrainingKey {
    private TrainingKey() {}

    /** The key as hex digits. */
    public static String of(Resource desired, PlanContext context) {
        Map<String, Object> shaping = new TreeMap<>(desired.attributes());
        shaping.remove("gates");
        List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(AttributeChanges.flatten(shaping)));
        desired.dependsOn().stream().sorted().forEach(d -> parts.add(d + "=" + context.digest(d)));
        return ContentVersion.digest(parts.toArray(String[]::new));
    }
}
