package dev.dda.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ground Truth classification output → DDA manifest. The label comes from each line's {@code class-name}
 * matched against the label set, whose first entry is the normal class (0) and all others anomalies (1); only
 * when a line has no class-name is the class index used, read against the same label set. The DDA portal used
 * the index alone, which is only right when category 0 happens to be "normal". URIs are carried over as parsed,
 * never rewritten.
 */
public final class ManifestTransform {
    private ManifestTransform() {}

    public static DdaManifest toDda(GroundTruthManifest gt, List<String> labels, String file)
            throws ManifestException {
        if (labels.size() < 2) {
            throw new ManifestException(List.of(new ManifestProblem(file, 0, "labels must name the normal class "
                    + "first and at least one anomaly class, e.g. [normal, anomaly]; found " + labels)));
        }
        List<ManifestProblem> problems = new ArrayList<>();
        List<DdaManifest.Entry> out = new ArrayList<>();
        for (GroundTruthManifest.Entry e : gt.entries()) {
            String className = e.metadata().className();
            if (className == null) {
                if (e.classIndex() >= labels.size()) {
                    problems.add(new ManifestProblem(file, e.line(), gt.labelAttribute() + " " + e.classIndex()
                            + " has no class-name and is outside the labels " + labels));
                    continue;
                }
                className = labels.get(e.classIndex());
            }
            int index = labels.indexOf(className);
            if (index < 0) {
                problems.add(new ManifestProblem(file, e.line(), "class-name \"" + className
                        + "\" is not one of the labels " + labels + "; add it to labels or relabel the image"));
                continue;
            }
            int anomaly = index == 0 ? 0 : 1;
            out.add(new DdaManifest.Entry(e.sourceRef(), anomaly, anomaly == 0 ? "normal" : "anomaly",
                    e.metadata().confidence(), e.metadata().humanAnnotated(), e.metadata().creationDate(),
                    mask(e)));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new DdaManifest(out);
    }

    private static Optional<DdaManifest.Mask> mask(GroundTruthManifest.Entry e) {
        return e.mask().map(m -> new DdaManifest.Mask(m.ref(), m.metadata().path("internal-color-map"),
                !"no".equals(m.metadata().path("human-annotated").asText("yes")),
                m.metadata().path("creation-date").asText(e.metadata().creationDate())));
    }
}
