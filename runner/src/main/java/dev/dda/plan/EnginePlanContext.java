package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.State;
import dev.dda.target.PlanContext;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.Map;

/** The planner's view of the world for handlers: read-only, outputs from the state as it was loaded. */
final class EnginePlanContext implements PlanContext {
    private final PlanOptions options;
    private final Map<Address, String> digests;
    private final Map<Address, String> contentKeys;
    private final State state;

    EnginePlanContext(PlanOptions options, Map<Address, String> digests, Map<Address, String> contentKeys,
                      State state) {
        this.options = options;
        this.digests = digests;
        this.contentKeys = contentKeys;
        this.state = state;
    }

    @Override
    public String pipeline() {
        return options.pipeline();
    }

    @Override
    public Path specDirectory() {
        return options.specDirectory();
    }

    @Override
    public String digest(Address address) {
        return Digests.lookup(digests, address, "the spec");
    }

    @Override
    public String contentKey(Address address) {
        return Digests.lookup(contentKeys, address, "the spec");
    }

    @Override
    public Map<String, Object> outputsOf(Address address) {
        return state == null ? Map.of()
                : state.get(address).map(RecordedDependencies::visibleOutputs).orElse(Map.of());
    }

    @Override
    public String gitCommit() {
        return options.gitCommit();
    }

    @Override
    public Progress progress() {
        return options.progress();
    }
}
