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
 * The DDA manifest the defect-detection training consumes: per image {@code source-ref}, {@code anomaly-label}
 * (0 normal, 1 anomaly), {@code anomaly-label-metadata}; for segmentation also {@code anomaly-mask-ref} and
 * {@code anomaly-mask-ref-metadata} on every line. Each metadata's {@code job-name} equals its attribute name.
 */
public record DdaManifest(List<Entry> entries) {
    public static final String SOURCE_REF = "source-ref";
    public static final String LABEL = "anomaly-label";
    public static final String LABEL_METADATA = "anomaly-label-metadata";
    public static final String MASK = "anomaly-mask-ref";
    public static final String MASK_METADATA = "anomaly-mask-ref-metadata";
    public static final String CLASSIFICATION = "groundtruth/image-classification";
    public static final String SEGMENTATION = "groundtruth/semantic-segmentation";

    public DdaManifest {
        entries = List.copyOf(entries);
    }

    /**
     * The deepest {@code s3://} folder that holds every image, or empty when the images are in several buckets
     * (or there are none).
     */
    public java.util.Optional<String> sharedFolder() {
        if (entries.isEmpty() || entries.stream().map(e -> e.sourceRef().bucket()).distinct().count() != 1) {
            return java.util.Optional.empty();
        }
        String common = entries.get(0).sourceRef().toString();
        for (Entry e : entries) {
            String ref = e.sourceRef().toString();
            int n = 0;
            while (n < common.length() && n < ref.length() && common.charAt(n) == ref.charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        return java.util.Optional.of(common.substring(0, common.lastIndexOf('/') + 1));
    }

    /**
     * One image.
     *
     * @param anomalyLabel 0 normal, 1 anomaly
     * @param className "normal" or "anomaly" (or the label's own name, when the manifest says so)
     */
    public record Entry(S3Uri sourceRef, int anomalyLabel, String className, double confidence,
                        boolean humanAnnotated, String creationDate, Optional<Mask> mask) {
        public Entry {
            if (anomalyLabel != 0 && anomalyLabel != 1) {
                throw new IllegalArgumentException("anomaly-label must be 0 or 1, found " + anomalyLabel);
            }
        }
    }

    /** A segmentation mask: a PNG whose pixel colours map to classes through {@code colorMap}. */
    public record Mask(S3Uri ref, JsonNode colorMap, boolean humanAnnotated, String creationDate) { }

    /** How many images carry each label: {0: normal count, 1: anomaly count}. */
    public Map<Integer, Long> countsByLabel() {
        Map<Integer, Long> out = new TreeMap<>(Map.of(0, 0L, 1, 0L));
        entries.forEach(e -> out.merge(e.anomalyLabel(), 1L, Long::sum));
        return out;
    }

    public boolean segmentation() {
        return !entries.isEmpty() && entries.stream().allMatch(e -> e.mask().isPresent());
    }

    // ---- reading and validating -------------------------------------------------------------------------

    public static DdaManifest read(Path file) throws IOException, ManifestException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Every problem of the manifest, line by line; empty when it is valid. */
    public static List<ManifestProblem> validate(String file, String content) {
        List<ManifestProblem> problems = new ArrayList<>();
        new DdaManifestReader(file, problems).read(JsonLines.parse(file, content, problems));
        return problems;
    }

    public static DdaManifest parse(String file, String content) throws ManifestException {
        List<ManifestProblem> problems = new ArrayList<>();
        List<Entry> entries = new DdaManifestReader(file, problems).read(JsonLines.parse(file, content, problems));
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new DdaManifest(entries);
    }

    // ---- writing -----------------------------------------------------------------------------------------

    public String toJsonLines() {
        List<ObjectNode> lines = new ArrayList<>();
        for (Entry e : entries) {
            ObjectNode o = JsonLines.JSON.createObjectNode();
            o.put(SOURCE_REF, e.sourceRef().toString());
            o.put(LABEL, e.anomalyLabel());
            ObjectNode m = o.putObject(LABEL_METADATA);
            m.put("job-name", LABEL);
            m.put("class-name", e.className());
            m.put("confidence", e.confidence());
            m.put("human-annotated", e.humanAnnotated() ? "yes" : "no");
            m.put("creation-date", e.creationDate());
            m.put("type", CLASSIFICATION);
            e.mask().ifPresent(k -> {
                o.put(MASK, k.ref().toString());
                ObjectNode km = o.putObject(MASK_METADATA);
                km.set("internal-color-map", k.colorMap());
                km.put("job-name", MASK);
                km.put("human-annotated", k.humanAnnotated() ? "yes" : "no");
                km.put("creation-date", k.creationDate());
                km.put("type", SEGMENTATION);
            });
            lines.add(o);
        }
        return JsonLines.render(lines);
    }
}
