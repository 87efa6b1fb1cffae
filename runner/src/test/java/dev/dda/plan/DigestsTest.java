package dev.dda.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.spec.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DigestsTest {
    private static final Address TRAINING = Address.parse("training.det");
    private static final Address COMPILE = Address.parse("compile.det.x86_64-cpu");
    private static final Address LABELING = Address.parse("labeling.labels");

    /** account → bucket → dataset → labeling → training → compile, with one resource's attributes edited. */
    private static ResourceGraph pipeline(String edited, UnaryOperator<Map<String, Object>> edit) {
        List<Resource> rs = List.of(
                resource("account.data", Map.of("id", "111122223333", "role", "DataRole",
                        "externalId", new Secret("${env:X}", "ext-1"))),
                resource("bucket.data", Map.of("account", "data", "name", "images", "tags", Map.of("team", "a"),
                        "grants", List.of()), "account.data"),
                resource("dataset.alien", Map.of("bucket", "data", "prefix", "alien/", "source", "../data",
                        "files", Map.of("normal/1.png", "sha256:aa")), "bucket.data"),
                resource("labeling.labels", Map.of("dataset", "alien", "task", "classification"), "dataset.alien"),
                resource("training.det", Map.of("labels", "labels", "hyperparameters", Map.of("lr", 0.01),
                        "gates", List.of("auroc >= 0.95")), "labeling.labels"),
                resource("compile.det.x86_64-cpu", Map.of("training", "det", "target", "x86_64-cpu"), "training.det"));
        return ResourceGraph.of(rs.stream().map(r -> r.address().toString().equals(edited)
                ? new Resource(r.address(), edit.apply(new LinkedHashMap<>(r.attributes())), r.dependsOn(), false, null)
                : r).toList());
    }

    private static Resource resource(String address, Map<String, Object> attributes, String... deps) {
        return new Resource(Address.parse(address), attributes,
                Set.of(java.util.Arrays.stream(deps).map(Address::parse).toArray(Address[]::new)), false, null);
    }

    private static UnaryOperator<Map<String, Object>> put(String key, Object value) {
        return m -> {
            m.put(key, value);
            return m;
        };
    }

    private static final ResourceGraph BASE = pipeline("", m -> m);

    @Test
    void contentKeys_whenOnlySettingsChange_keepEveryJobKeyWhileDigestsChange() {
        List<ResourceGraph> edits = List.of(
                pipeline("account.data", put("externalId", new Secret("${env:X}", "ext-2-rotated"))),
                pipeline("account.data", put("role", "OtherRole")),
                pipeline("bucket.data", put("tags", Map.of("team", "b"))),
                pipeline("bucket.data", put("grants", List.of(Map.of("role", "r", "access", "read")))),
                pipeline("dataset.alien", put("source", "../moved/data")),
                pipeline("training.det", put("gates", List.of("auroc >= 0.9"))));

        for (ResourceGraph edited : edits) {
            assertThat(Digests.contentKeys(edited)).isEqualTo(Digests.contentKeys(BASE));
            assertThat(Digests.of(edited)).isNotEqualTo(Digests.of(BASE));
        }
    }

    @Test
    void contentKeys_whenWhatShapesTheModelChanges_changeTheJobsDownstream() {
        List<ResourceGraph> edits = List.of(
                pipeline("account.data", put("id", "999988887777")),
                pipeline("bucket.data", put("name", "other-images")),
                pipeline("dataset.alien", put("files", Map.of("normal/1.png", "sha256:bb"))),
                pipeline("labeling.labels", put("task", "segmentation")),
                pipeline("training.det", put("hyperparameters", Map.of("lr", 0.02))));

        for (ResourceGraph edited : edits) {
            Map<Address, String> keys = Digests.contentKeys(edited);
            assertThat(keys.get(TRAINING)).isNotEqualTo(Digests.contentKeys(BASE).get(TRAINING));
            assertThat(keys.get(COMPILE)).isNotEqualTo(Digests.contentKeys(BASE).get(COMPILE));
        }
        assertThat(Digests.contentKeys(pipeline("training.det", put("hyperparameters", Map.of("lr", 0.02))))
                .get(LABELING)).isEqualTo(Digests.contentKeys(BASE).get(LABELING));
    }
}
