package dev.dda.target;

import java.util.Map;

/**
 * A dataset's {@code deletions} setting, read the same way by every target: objects whose source file is gone are
 * deleted only with {@code deletions: delete} (the schema's word; {@code true} from older specs too), else kept.
 */
public final class DatasetDeletions {
    private DatasetDeletions() {}

    public static boolean deletesRemoved(Map<String, Object> datasetAttributes) {
        Object d = datasetAttributes.get("deletions");
        return Boolean.TRUE.equals(d) || "delete".equals(d);
    }

    /** The plan's reason when objects stay although their source files are gone. */
    public static String kept(long objects) {
        return objects + " object(s) not in the source are kept (set deletions: delete to delete them)";
    }
}
