package dev.dda.view.markdown;

import dev.dda.plan.Change;
import java.util.Map;

/** A change's before and after, empty rather than null (the engine leaves before null for a create). */
public final class Sides {
    private Sides() {}

    public static Map<String, Object> before(Change c) {
        return c.before() == null ? Map.of() : c.before();
    }

    public static Map<String, Object> after(Change c) {
        return c.after() == null ? Map.of() : c.after();
    }
}
