package dev.dda.plan;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.State;
import dev.dda.target.PlanContext;
import dev.dda.target.Progress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The planner's view of the world for handlers: read-only, outputs from the state as it was loaded. */
final class EnginePlanContext implements PlanContext {
    private final PlanOptions options;
    private final ResourceKeys keys;
    private final ResourceGraph graph;
    private final State state;

    EnginePlanContext(PlanOptions options, ResourceKeys keys, ResourceGraph graph, State state) {
        this.options = options;
        this.keys = keys;
        this.graph = graph;
        this.state = state;
    }

    @Override
    public Optional<Map<String, Object>> desiredAttributes(Address address) {
        return graph.get(address).map(Resource::attributes);
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
        return keys.digest(address);
    }

    @Override
    public String contentKey(Address address) {
        return keys.contentKey(address);
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
