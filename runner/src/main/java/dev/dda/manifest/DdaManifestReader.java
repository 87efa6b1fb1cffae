package dev.dda.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks DDA manifest lines one by one, collecting every problem with its line number. */
final class DdaManifestReader {
    private final String file;
    private final List<ManifestProblem> problems;

    DdaManifestReader(String file, List<ManifestProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    List<DdaManifest.Entry> read(List<JsonLines.Line> lines) {
        List<DdaManifest.Entry> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int firstMaskLine = lines.stream().filter(l -> l.json().has(DdaManifest.MASK)).mapToInt(JsonLines.Line::number)
                .findFirst().orElse(0);
        for (JsonLines.Line line : lines) {
            int before = problems.size();
            DdaManifest.Entry e = entry(line, firstMaskLine);
            if (e != null && problems.size() == before) {
                Integer first = seen.putIfAbsent(e.sourceRef().toString(), line.number());
                if (first != null) {
                    problem(line, "source-ref " + e.sourceRef() + " already appears on line " + first
                            + "; each image belongs on one line");
                } else {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private DdaManifest.Entry entry(JsonLines.Line line, int firstMaskLine) {
        ObjectNode o = line.json();
        List<String> missing = new ArrayList<>();
        for (String k : List.of(DdaManifest.SOURCE_REF, DdaManifest.LABEL, DdaManifest.LABEL_METADATA)) {
            if (!o.has(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            problem(line, "missing required attribute" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + groundTruthHint(o));
            return null;
        }
        S3Uri source = uri(line, DdaManifest.SOURCE_REF);
        Integer label = label(line);
        JsonNode meta = object(line, DdaManifest.LABEL_METADATA);
        Optional<DdaManifest.Mask> mask = mask(line, firstMaskLine);
        if (source == null || label == null || meta == null) {
            return null;
        }
        jobName(line, meta, DdaManifest.LABEL_METADATA, DdaManifest.LABEL);
        String className = meta.path("class-name").isTextual() ? meta.get("class-name").asText()
                : label == 0 ? "normal" : "anomaly";
        return new DdaManifest.Entry(source, label, className, meta.path("confidence").asDouble(1.0),
                !"no".equals(meta.path("human-annotated").asText("yes")), meta.path("creation-date").asText(""),
                mask);
    }

    private Integer label(JsonLines.Line line) {
        JsonNode n = line.json().get(DdaManifest.LABEL);
        if (n.isNumber() && (n.asDouble() == 0 || n.asDouble() == 1)) {
            return n.asInt();
        }
        problem(line, "anomaly-label must be 0 or 1, found " + JsonLines.describe(n));
        return null;
    }

    private Optional<DdaManifest.Mask> mask(JsonLines.Line line, int firstMaskLine) {
        ObjectNode o = line.json();
        if (!o.has(DdaManifest.MASK)) {
            if (firstMaskLine > 0) {
                problem(line, "anomaly-mask-ref is missing, but line " + firstMaskLine + " has one: in a "
                        + "segmentation manifest every line needs a mask (normal images use an all-background mask)");
            }
            return Optional.empty();
        }
        S3Uri ref = uri(line, DdaManifest.MASK);
        if (!o.has(DdaManifest.MASK_METADATA)) {
            problem(line, "anomaly-mask-ref needs anomaly-mask-ref-metadata beside it");
            return Optional.empty();
        }
        JsonNode meta = object(line, DdaManifest.MASK_METADATA);
        if (ref == null || meta == null) {
            return Optional.empty();
        }
        jobName(line, meta, DdaManifest.MASK_METADATA, DdaManifest.MASK);
        if (!meta.path("internal-color-map").isObject()) {
            problem(line, "anomaly-mask-ref-metadata.internal-color-map must be an object such as "
                    + "{\"0\": {\"class-name\": \"BACKGROUND\", \"hex-color\": \"#ffffff\"}}");
        }
        return Optional.of(new DdaManifest.Mask(ref, meta.path("internal-color-map"),
                !"no".equals(meta.path("human-annotated").asText("yes")), meta.path("creation-date").asText("")));
    }

    private S3Uri uri(JsonLines.Line line, String key) {
        JsonNode n = line.json().get(key);
        if (!n.isTextual()) {
            problem(line, key + " must be a string s3://BUCKET/KEY, found " + JsonLines.describe(n));
            return null;
        }
        try {
            return S3Uri.parseObject(n.asText());
        } catch (IllegalArgumentException e) {
            problem(line, key + ": " + e.getMessage());
            return null;
        }
    }

    private JsonNode object(JsonLines.Line line, String key) {
        JsonNode n = line.json().get(key);
        if (!n.isObject()) {
            problem(line, key + " must be an object, found " + JsonLines.describe(n));
            return null;
        }
        return n;
    }

    /** The training reads metadata by job-name: it must equal the attribute's own name. */
    private void jobName(JsonLines.Line line, JsonNode meta, String key, String expected) {
        JsonNode j = meta.get("job-name");
        if (j == null || !expected.equals(j.asText())) {
            problem(line, key + ".job-name must be \"" + expected + "\" (the attribute's own name), found "
                    + JsonLines.describe(j));
        }
    }

    /** A line with another {@code X-metadata} key is a Ground Truth output that was not transformed yet. */
    private static String groundTruthHint(ObjectNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.endsWith("-metadata") && !k.startsWith("anomaly-")) {
                return "; this looks like a Ground Truth output manifest (label attribute '"
                        + k.substring(0, k.length() - "-metadata".length())
                        + "'): import it with labeling from: manifest, which transforms it";
            }
        }
        return "";
    }

    private void problem(JsonLines.Line line, String message) {
        problems.add(new ManifestProblem(file, line.number(), message));
    }
}
