package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.json.Json;
import dev.dda.plan.ResourceKeys;
import dev.dda.state.RecordedDependencies;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.Progress;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What handlers see while applying: live outputs from this run's state, progress turned into events. */
final class EngineApplyContext implements ApplyContext {
    private final String pipeline;
    private final ApplyOptions options;
    private final ResourceKeys keys;
    private final StateWriter writer;
    private final ResourceGraph graph;
    private final Progress progress;
    private final Clock clock;

    EngineApplyContext(String pipeline, ApplyOptions options, ResourceKeys keys, ResourceGraph graph,
                       StateWriter writer, Progress progress, Clock clock) {
        this.pipeline = pipeline;
        this.options = options;
        this.keys = keys;
        this.writer = writer;
        this.graph = graph;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public String pipeline() {
        return pipeline;
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
        return writer.get(address).map(RecordedDependencies::visibleOutputs).orElse(Map.of());
    }

    @Override
    public String gitCommit() {
        return options.gitCommit();
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public boolean noWait() {
        return options.noWait() || interrupted();
    }

    @Override
    public boolean interrupted() {
        return options.interruption().requested();
    }

    @Override
    public Optional<Map<String, Object>> desiredAttributes(Address address) {
        return graph.get(address).map(Resource::attributes);
    }

    @Override
    public void recordIntent(Address address, String jobRef) throws TargetException {
        Resource r = graph.get(address).orElseThrow(() -> new IllegalArgumentException(address
                + " is not in the spec: only what the spec holds is started"));
        Map<String, Object> outputs = writer.get(address).map(ResourceState::outputs).orElse(Map.of());
        try {
            writer.put(new ResourceState(address, ResourceState.Status.INTENT, digest(address),
                    Json.redact(r.attributes()), RecordedDependencies.record(outputs, r.dependsOn()), jobRef,
                    clock.instant()));
        } catch (IOException e) {
            throw new TargetException("could not record the intent to start " + jobRef + " for " + address
                    + " in the state: " + e.getMessage(), e);
        }
    }
}
