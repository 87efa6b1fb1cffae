package dev.dda.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads Ground Truth output lines. Unlike the DDA portal it does not take the first {@code *-metadata} key it
 * sees: it looks for a classification label (a class index with its metadata), says plainly why bounding boxes
 * or bare masks cannot become image-level anomaly labels, and never rewrites URIs.
 */
final class GroundTruthReader {
    private static final String META = "-metadata";
    private final String file;
    private final List<ManifestProblem> problems;

    GroundTruthReader(String file, List<ManifestProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    GroundTruthManifest read(List<JsonLines.Line> lines) {
        if (lines.isEmpty()) {
            return new GroundTruthManifest("class", List.of());
        }
        JsonLines.Line first = lines.get(0);
        Optional<String> attribute = labelAttribute(first.json());
        if (attribute.isEmpty()) {
            problems.add(new ManifestProblem(file, first.number(), whyNoLabel(first.json())));
            return new GroundTruthManifest("class", List.of());
        }
        List<GroundTruthManifest.Entry> entries = new ArrayList<>();
        for (JsonLines.Line line : lines) {
            entry(line, attribute.get()).ifPresent(entries::add);
        }
        return new GroundTruthManifest(attribute.get(), entries);
    }

    /** The classification attribute: a key holding a number whose {@code KEY-metadata} object sits beside it. */
    static Optional<String> labelAttribute(ObjectNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.endsWith(META) && !k.endsWith("-ref") && o.get(k).isNumber() && o.path(k + META).isObject()) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    private static String whyNoLabel(ObjectNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String type = o.path(k).path("type").asText("");
            if (k.endsWith(META) && type.contains("object-detection")) {
                return "'" + base(k) + "' holds bounding boxes (" + type + "); anomaly detection needs an image-level "
                        + "label: run a classification labeling (task: classification) instead";
            }
            if (k.endsWith(META) && (type.contains("semantic-segmentation") || base(k).endsWith("-ref"))) {
                return "'" + base(k) + "' is a segmentation mask without an image-level label; add a classification "
                        + "attribute (a class index with its -metadata) to each line";
            }
        }
        return "no label attribute found; expected a class index such as \"class\": 1 with a \"class-metadata\" "
                + "object beside it (Ground Truth image-classification output)";
    }

    private Optional<GroundTruthManifest.Entry> entry(JsonLines.Line line, String attribute) {
        ObjectNode o = line.json();
        int before = problems.size();
        S3Uri source = sourceRef(line);
        JsonNode meta = o.get(attribute + META);
        if (meta == null || !meta.isObject()) {
            problem(line, attribute + META + " must be an object, found " + JsonLines.describe(meta));
            return Optional.empty();
        }
        if (meta.has("failure-reason")) {
            problem(line, "Ground Truth did not label this image: " + meta.get("failure-reason").asText()
                    + "; remove the line or label the image");
            return Optional.empty();
        }
        JsonNode label = o.get(attribute);
        if (label == null || !label.canConvertToInt() || !label.isIntegralNumber() || label.asInt() < 0) {
            problem(line, attribute + " must be a class index (0, 1, …), found " + JsonLines.describe(label));
        }
        JsonNode className = meta.get("class-name");
        if (className != null && !className.isTextual()) {
            problem(line, attribute + "-metadata.class-name must be a string, found " + JsonLines.describe(className));
        }
        Optional<GroundTruthManifest.Mask> mask = mask(line);
        if (problems.size() > before || source == null) {
            return Optional.empty();
        }
        var md = new GroundTruthManifest.LabelMetadata(className == null ? null : className.asText(),
                meta.path("confidence").asDouble(1.0), !"no".equals(meta.path("human-annotated").asText("yes")),
                meta.path("creation-date").asText(""), meta.path("type").asText(GroundTruthManifest.CLASSIFICATION),
                meta.path("job-name").asText(""));
        return Optional.of(new GroundTruthManifest.Entry(line.number(), source, label.asInt(), md, mask));
    }

    private S3Uri sourceRef(JsonLines.Line line) {
        JsonNode n = line.json().get(DdaManifest.SOURCE_REF);
        if (n == null || !n.isTextual()) {
            problem(line, "source-ref must be a string s3://BUCKET/KEY, found " + JsonLines.describe(n));
            return null;
        }
        try {
            return S3Uri.parseObject(n.asText());
        } catch (IllegalArgumentException e) {
            problem(line, "source-ref: " + e.getMessage());
            return null;
        }
    }

    /** The first {@code X-ref} (other than source-ref) with {@code X-ref-metadata}: a segmentation mask. */
    private Optional<GroundTruthManifest.Mask> mask(JsonLines.Line line) {
        ObjectNode o = line.json();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.endsWith("-ref") && !k.equals(DdaManifest.SOURCE_REF) && o.path(k + META).isObject()) {
                try {
                    return Optional.of(new GroundTruthManifest.Mask(k, S3Uri.parseObject(o.get(k).asText()),
                            o.get(k + META)));
                } catch (IllegalArgumentException e) {
                    problem(line, k + ": " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private static String base(String metadataKey) {
        return metadataKey.substring(0, metadataKey.length() - META.length());
    }

    private void problem(JsonLines.Line line, String message) {
        problems.add(new ManifestProblem(file, line.number(), message));
    }
}
