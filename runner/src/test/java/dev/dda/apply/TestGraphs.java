package dev.dda.apply;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanException;
import dev.dda.plan.PlanOptions;
import dev.dda.plan.Planner;
import dev.dda.spec.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Hand-built resources and short-cuts for engine tests. */
public final class TestGraphs {
    private TestGraphs() {}

    public static Resource res(String address, Map<String, Object> attributes, String... deps) {
        Set<Address> d = Arrays.stream(deps).map(Address::parse).collect(Collectors.toSet());
        return new Resource(Address.parse(address), attributes, d, false, new SourceLocation("test.yaml", 1, 1));
    }

    public static Resource res(String address, String... deps) {
        return res(address, Map.of("name", address), deps);
    }

    public static ResourceGraph graph(Resource... resources) {
        return ResourceGraph.of(List.of(resources));
    }

    public static PlanOptions options(Path dir) {
        return PlanOptions.of("test-pipeline", dir.resolve("dda-pipeline.yaml"), "sha256:spec");
    }

    public static Plan plan(ResourceGraph g, FakeTarget t, Path dir) {
        try {
            return new Planner().plan(g, t, t.stateStore().load(), options(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PlanException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ApplyResult apply(Plan p, ResourceGraph g, FakeTarget t, Path dir, int parallelism) {
        try {
            return new Applier().apply(p, g, t, ApplyOptions.defaults(dir).withParallelism(parallelism),
                    ApplyListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ApplyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Address addr(String a) {
        return Address.parse(a);
    }
}
