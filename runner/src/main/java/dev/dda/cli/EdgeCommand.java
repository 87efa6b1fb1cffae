package dev.dda.cli;

import dev.dda.edge.EdgeMain;
import java.util.List;

/** {@code dda edge serve|bench|demo-model ...}: the edge service, the same code as {@code java -jar dda-edge.jar}. */
public final class EdgeCommand implements Command {
    @Override
    public String name() {
        return "edge";
    }

    @Override
    public String summary() {
        return "run the edge inference service (serve), or measure a model (bench)";
    }

    @Override
    public int run(List<String> args, Console console) {
        return EdgeMain.run(args, console.out(), console.err(), console.env());
    }
}
