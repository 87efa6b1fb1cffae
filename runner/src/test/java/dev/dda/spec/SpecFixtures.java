package dev.dda.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A small valid spec, line by line, that tests break in one place. */
public final class SpecFixtures {
    /** Line numbers matter: tests assert them. */
    public static final String VALID = String.join("\n",
            "# yaml-language-server: $schema=../schema/dda-pipeline.schema.json", // 1
            "apiVersion: dda/v1",                                                 // 2
            "kind: Pipeline",                                                     // 3
            "metadata:",                                                          // 4
            "  name: test-line",                                                  // 5
            "target: local",                                                      // 6
            "accounts:",                                                          // 7
            "  local: { id: \"000000000000\" }",                                  // 8
            "buckets:",                                                           // 9
            "  data:",                                                            // 10
            "    account: local",                                                 // 11
            "    name: dda-test-bucket",                                          // 12
            "datasets:",                                                          // 13
            "  images:",                                                          // 14
            "    bucket: data",                                                   // 15
            "    prefix: images/",                                                // 16
            "    source: data",                                                   // 17
            "labeling:",                                                          // 18
            "  labels:",                                                          // 19
            "    dataset: images",                                                // 20
            "    task: classification",                                           // 21
            "    from: folders",                                                  // 22
            "    labels: [normal, anomaly]",                                      // 23
            "training:",                                                          // 24
            "  detector:",                                                        // 25
            "    labels: labels",                                                 // 26
            "    algorithm: builtin",                                             // 27
            "    output: { bucket: data, prefix: training/ }",                    // 28
            "    maxRuntime: 3600",                                               // 29
            "    gates: [ \"auroc >= 0.9\" ]",                                    // 30
            "    compile: [ x86_64-cpu ]",                                        // 31
            "components:",                                                        // 32
            "  com.example.detector:",                                            // 33
            "    model: detector",                                                // 34
            "fleets:",                                                            // 35
            "  line-1:",                                                          // 36
            "    thingGroup: line-1",                                             // 37
            "    devices: [ station-1 ]",                                         // 38
            "    components: [ com.example.detector ]",                           // 39
            "    edge: { port: 18500 }",                                          // 40
            "") ;

    private SpecFixtures() {}

    /** VALID with line {@code line} (1-based) replaced by {@code text}. */
    public static String withLine(int line, String text) {
        String[] lines = VALID.split("\n", -1);
        lines[line - 1] = text;
        return String.join("\n", lines);
    }

    /** Writes the spec as dda-pipeline.yaml in dir, with a data/ folder of two images next to it. */
    public static Path write(Path dir, String spec) throws IOException {
        Path images = dir.resolve("data");
        Files.createDirectories(images.resolve("normal"));
        Files.createDirectories(images.resolve("anomaly"));
        Files.write(images.resolve("normal/a.png"), new byte[] {1, 2, 3});
        Files.write(images.resolve("anomaly/b.png"), new byte[] {4, 5, 6});
        Path file = dir.resolve("dda-pipeline.yaml");
        Files.writeString(file, spec);
        return file;
    }

    public static SpecResult load(Path file) {
        return SpecLoader.load(file, Map.of());
    }
}
