package dev.dda.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A spec for the file-world test target, and a way to run dda commands in process and read what they print. */
final class CliFixture {
    static final String SPEC = String.join("\n",
            "apiVersion: dda/v1",
            "kind: Pipeline",
            "metadata: { name: cli-test }",
            "target: local",
            "accounts:",
            "  local: { id: \"000000000000\" }",
            "buckets:",
            "  b1: { account: local, name: dda-cli-b1 }",
            "  b2: { account: local, name: dda-cli-b2 }",
            "  b3: { account: local, name: dda-cli-b3 }",
            "  b4: { account: local, name: dda-cli-b4 }",
            "  keep: { account: local, name: dda-cli-keep, protect: true }",
            "datasets:",
            "  d1: { bucket: b1, prefix: d1/ }",
            "  d2: { bucket: b2, prefix: d2/ }",
            "");

    final Path spec;
    final Path root;
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();

    CliFixture(Path dir) throws IOException {
        this.spec = dir.resolve("dda-pipeline.yaml");
        this.root = dir.resolve("root");
        Files.writeString(spec, SPEC);
    }

    int dda(String... args) {
        out.setLength(0);
        err.setLength(0);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new Console(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), false, Map.of()));
        out.append(o.toString(StandardCharsets.UTF_8));
        err.append(e.toString(StandardCharsets.UTF_8));
        return code;
    }

    /** Runs a command with -f and --root appended. */
    int ddaHere(String command, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = command;
        System.arraycopy(more, 0, args, 1, more.length);
        args[more.length + 1] = "-f";
        args[more.length + 2] = spec.toString();
        args[more.length + 3] = "--root";
        args[more.length + 4] = root.toString();
        return dda(args);
    }
}
