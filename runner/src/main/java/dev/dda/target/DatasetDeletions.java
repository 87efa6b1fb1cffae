package dev.dda.target;

import dev.dda.state.ResourceState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A dataset's {@code deletions} setting, read the same way by every target: objects whose source file is gone are
 * deleted only with {@code deletions: delete} (the schema's word; {@code true} from older specs too), else kept.
 */
public final class DatasetDeletions {
    private static final int NAMES_SHOWN = 10;

    private DatasetDeletions() {}

    public static boolean deletesRemoved(Map<String, Object> datasetAttributes) {
        Object d = datasetAttributes.get("deletions");
        return Boolean.TRUE.equals(d) || "delete".equals(d);
    }

    /** The plan's reason when objects stay although their source files are gone. */
    public static String kept(long objects) {
        return objects + " object(s) not in the source are kept (set deletions: delete to delete them)";
    }

    /**
     * Source files recorded at the last apply that the source no longer has, when the dataset keeps their objects
     * (deletions: keep, and a source to compare with). They stay, and labeling and training, which read the bucket,
     * still see them, although the changed file list re-runs both: the plan must say so, or a removal looks
     * applied when it is not.
     */
    public static SortedSet<String> leftTheSourceButKept(Map<String, Object> datasetAttributes,
                                                         Optional<ResourceState> prior, Set<String> sourceNow) {
        SortedSet<String> left = new TreeSet<>();
        if (deletesRemoved(datasetAttributes) || datasetAttributes.get("source") == null) {
            return left;
        }
        if (prior.isPresent() && prior.get().attributes().get("files") instanceof Map<?, ?> recorded) {
            recorded.keySet().forEach(k -> left.add(String.valueOf(k)));
        }
        left.removeAll(sourceNow);
        return left;
    }

    /** The plan's reason for the files {@link #leftTheSourceButKept} finds. */
    public static String leftButKept(SortedSet<String> left) {
        List<String> shown = left.stream().limit(NAMES_SHOWN).toList();
        return left.size() + " file(s) left the source since the last apply but stay in the bucket (deletions: keep),"
                + " so labeling and training still read them: " + String.join(", ", shown)
                + (left.size() > NAMES_SHOWN ? ", …" : "") + "; set deletions: delete to delete them";
    }
}
