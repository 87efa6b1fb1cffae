package dev.dda.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A SageMaker Ground Truth output manifest for image classification (JSON Lines): per image {@code source-ref},
 * the label attribute (a class index) and {@code ATTRIBUTE-metadata} with class-name, confidence,
 * human-annotated, creation-date, type and job-name. A segmentation mask pair ({@code X-ref} with
 * {@code X-ref-metadata}) riding along is kept.
 */
public record GroundTruthManifest(String labelAttribute, List<Entry> entries) {
    public static final String CLASSIFICATION = DdaManifest.CLASSIFICATION;

    public GroundTruthManifest {
        entries = List.copyOf(entries);
    }

    /**
     * One labeled image.
     *
     * @param line where it stands in the file it was read from (0 when built in memory)
     * @param classIndex the index of the class in the labeling job's label categories
     */
    public record Entry(int line, S3Uri sourceRef, int classIndex, LabelMetadata metadata, Optional<Mask> mask) { }

    /** {@code ATTRIBUTE-metadata} of a classification label. */
    public record LabelMetadata(String className, double confidence, boolean humanAnnotated, String creationDate,
                                String type, String jobName) { }

    /** A mask pair as Ground Truth writes it: {@code attribute} ends with {@code -ref}. */
    public record Mask(String attribute, S3Uri ref, JsonNode metadata) { }

    public Map<String, Long> countsByClass() {
        Map<String, Long> out = new TreeMap<>();
        entries.forEach(e -> out.merge(e.metadata().className(), 1L, Long::sum));
        return out;
    }

    public static GroundTruthManifest read(Path file) throws IOException, ManifestException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Reads and checks every line; finds the label attribute itself (the portal's {@code class}, or any name). */
    public static GroundTruthManifest parse(String file, String content) throws ManifestException {
        List<ManifestProblem> problems = new ArrayList<>();
        List<JsonLines.Line> lines = JsonLines.parse(file, content, problems);
        GroundTruthManifest m = new GroundTruthReader(file, problems).read(lines);
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return m;
    }

    public String toJsonLines() {
        List<ObjectNode> lines = new ArrayList<>();
        for (Entry e : entries) {
            ObjectNode o = JsonLines.JSON.createObjectNode();
            o.put(DdaManifest.SOURCE_REF, e.sourceRef().toString());
            o.put(labelAttribute, e.classIndex());
            ObjectNode m = o.putObject(labelAttribute + "-metadata");
            LabelMetadata md = e.metadata();
            m.put("class-name", md.className());
            m.put("confidence", md.confidence());
            m.put("human-annotated", md.humanAnnotated() ? "yes" : "no");
            m.put("creation-date", md.creationDate());
            m.put("type", md.type());
            m.put("job-name", md.jobName());
            e.mask().ifPresent(k -> {
                o.put(k.attribute(), k.ref().toString());
                o.set(k.attribute() + "-metadata", k.metadata());
            });
            lines.add(o);
        }
        return JsonLines.render(lines);
    }
}
