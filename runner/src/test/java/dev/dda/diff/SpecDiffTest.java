package dev.dda.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.diff.DatasetChanges.LabelCounts;
import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.graph.ResourceGraph;
import dev.dda.spec.Secret;
import dev.dda.spec.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
    static Resource res(String address, Map<String, Object> attrs, String... deps) {
        Set<Address> d = new java.util.HashSet<>();
        for (String x : deps) {
            d.add(Address.parse(x));
        }
        return new Resource(Address.parse(address), attrs, d, false, SourceLocation.unknown("s.yaml"));
    }

    static Map<String, Object> files(int normal, int anomaly) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 1; i <= normal; i++) {
            f.put("normal/" + i + ".png", "n" + i);
        }
        for (int i = 1; i <= anomaly; i++) {
            f.put("anomaly/" + i + ".png", "a" + i);
        }
        return f;
    }

    static ResourceGraph aliens(double learningRate, int normal, int anomaly, String secret) {
        List<Resource> r = new ArrayList<>();
        r.add(res("account.local", Map.of("id", "0", "externalId", new Secret("${env:X}", secret))));
        r.add(res("bucket.data", Map.of("account", "local", "name", "b"), "account.local"));
        r.add(res("dataset.alien", Map.of("bucket", "data", "prefix", "p/", "source", "../data/aliens",
                "files", files(normal, anomaly)), "bucket.data"));
        r.add(res("labeling.alien-labels", Map.of("dataset", "alien", "from", "folders",
                "labels", List.of("normal", "anomaly")), "dataset.alien"));
        r.add(res("training.det", Map.of("labels", "alien-labels",
                "hyperparameters", Map.of("epochs", 30, "learningRate", learningRate)), "labeling.alien-labels"));
        r.add(res("compile.det.x86_64-cpu", Map.of("training", "det", "target", "x86_64-cpu"), "training.det"));
        r.add(res("component.com.example.det", Map.of("model", "det"), "compile.det.x86_64-cpu"));
        r.add(res("fleet.line-1", Map.of("thingGroup", "g", "devices", List.of("d1"))));
        r.add(res("deployment.line-1", Map.of("fleet", "line-1"), "fleet.line-1", "component.com.example.det"));
        return ResourceGraph.of(r);
    }

    @Test
    void between_whenHyperparameterChangedAndImagesAdded_namesFieldFilesLabelsAndDownstream() {
        SpecDiff d = SpecDiff.between("HEAD~1", "abc", aliens(0.001, 40, 40, "s1"), aliens(0.0005, 42, 41, "s1"));

        assertThat(d.added()).isEmpty();
        assertThat(d.removed()).isEmpty();
        assertThat(d.changed()).extracting(c -> c.address().toString()).containsExactly("dataset.alien", "training.det");
        assertThat(d.changed().get(1).fields()).extracting(FieldChange::describe)
                .containsExactly("hyperparameters.learningRate: 0.001 → 0.0005");
        assertThat(d.changed().get(0).fields()).isEmpty();
        assertThat(d.datasets()).hasSize(1);
        assertThat(d.datasets().get(0).files().added())
                .containsExactly("anomaly/41.png", "normal/41.png", "normal/42.png");
        assertThat(d.datasets().get(0).filesBefore()).isEqualTo(80);
        assertThat(d.labels()).containsExactly(new LabelCounts(Address.parse("labeling.alien-labels"),
                Map.of("normal", 40, "anomaly", 40), Map.of("normal", 42, "anomaly", 41)));
        assertThat(d.affected()).extracting(Address::toString).containsExactly(
                "labeling.alien-labels", "compile.det.x86_64-cpu", "component.com.example.det", "deployment.line-1");
    }

    @Test
    void between_whenSecretChanged_showsOnlyRedactedHashes() {
        SpecDiff d = SpecDiff.between("HEAD~1", "abc", aliens(0.001, 1, 1, "hunter2-old"), aliens(0.001, 1, 1, "hunter2-new"));
        FieldChange f = d.changed().get(0).fields().get(0);
        assertThat(f.path()).isEqualTo("externalId");
        assertThat(f.describe()).startsWith("externalId: (secret sha256:").doesNotContain("hunter2");
        assertThat(f.before()).isNotEqualTo(f.after());
    }

    @Test
    void between_whenSpecIsNew_everythingIsAdded() {
        SpecDiff d = SpecDiff.between("HEAD~1", "abc", ResourceGraph.of(List.of()), aliens(0.001, 1, 1, "s"));
        assertThat(d.added()).hasSize(9);
        assertThat(d.affected()).isEmpty();
        assertThat(d.datasets().get(0).files().added()).hasSize(2);
    }

    @Test
    void between_whenIdentical_isEmpty() {
        SpecDiff d = SpecDiff.between("HEAD", "abc", aliens(0.001, 3, 3, "s"), aliens(0.001, 3, 3, "s"));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.labels()).isEmpty();
    }

    @Test
    void render_whenDoubleOrNested_readsNaturally() {
        assertThat(Values.render(5.0E-4)).isEqualTo("0.0005");
        assertThat(Values.render(30.0)).isEqualTo("30");
        assertThat(Values.render(Map.of("b", List.of(1, "x"), "a", "multi\nline"))).isEqualTo("{a: multi\\nline, b: [1, x]}");
    }
}
