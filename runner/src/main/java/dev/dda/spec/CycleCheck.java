package dev.dda.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Finds reference cycles between spec resources (by their pointers) and reports each once. */
final class CycleCheck {
    private final Map<String, List<String>> edges;
    private final BiConsumer<String, String> error;
    private final Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done

    CycleCheck(Map<String, List<String>> edges, BiConsumer<String, String> error) {
        this.edges = edges;
        this.error = error;
    }

    void run() {
        for (String node : edges.keySet()) {
            visit(node, new ArrayList<>());
        }
    }

    private void visit(String node, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            error.accept(node, "these resources refer to each other in a cycle: "
                    + String.join(" -> ", cycle.stream().map(Pointer::field).toList())
                    + "; break the cycle by removing one of the references");
            return;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            visit(next, path);
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
    }
}
