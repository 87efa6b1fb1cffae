package dev.dda.target.local;

import dev.dda.manifest.S3Uri;
import dev.dda.target.ResourceHandler;
import dev.dda.train.TrainingJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where the local target's handlers are registered, by resource kind. A kind with no line here
 * is planned by the engine but reported as not yet supported on apply. To add a kind, add one line.
 */
public final class LocalHandlers {
    private LocalHandlers() {}

    public static Map<String, ResourceHandler> all(LocalTarget target) {
        Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
        handlers.put("account", new AccountHandler(target));
        handlers.put("bucket", new BucketHandler(target));
        handlers.put("dataset", new DatasetHandler(target));
        handlers.put("labeling", new LabelingHandler(target));
        handlers.putAll(PackagingHandlers.all(target.root(), target.spec(), TrainingJob::run, target.env(),
                uri -> target.objectPath(S3Uri.parse(uri))));
        return handlers;
    }
}
