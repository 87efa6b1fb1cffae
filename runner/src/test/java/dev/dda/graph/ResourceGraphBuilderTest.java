package dev.dda.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SpecFixtures;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceGraphBuilderTest {
    @TempDir
    Path dir;

    private static LoadedSpec load(Path file) {
        SpecResult result = SpecLoader.load(file, Map.of());
        assertThat(result.diagnostics()).isEmpty();
        return result.specOrNull();
    }

    private ResourceGraph graph(Path where, String spec) throws Exception {
        Files.createDirectories(where);
        return ResourceGraphBuilder.build(load(SpecFixtures.write(where, spec)));
    }

    private static Map<Address, Resource> byAddress(ResourceGraph g) {
        return g.resources().stream().collect(Collectors.toMap(Resource::address, Function.identity()));
    }

    private static Set<Address> addresses(String... text) {
        return java.util.Arrays.stream(text).map(Address::parse).collect(Collectors.toSet());
    }

    @Test
    void build_whenSpecIsValid_emitsEveryKindWithItsEdges() throws Exception {
        Map<Address, Resource> r = byAddress(graph(dir, SpecFixtures.VALID));
        assertThat(r.keySet()).isEqualTo(addresses("account.local", "bucket.data", "dataset.images",
                "labeling.labels", "training.detector", "compile.detector.x86_64-cpu", "component.dda.EdgeService",
                "component.com.example.detector", "fleet.line-1", "deployment.line-1"));
        assertThat(r.get(Address.parse("bucket.data")).dependsOn()).isEqualTo(addresses("account.local"));
        assertThat(r.get(Address.parse("dataset.images")).dependsOn()).isEqualTo(addresses("bucket.data"));
        assertThat(r.get(Address.parse("labeling.labels")).dependsOn()).isEqualTo(addresses("dataset.images"));
        assertThat(r.get(Address.parse("training.detector")).dependsOn())
                .isEqualTo(addresses("labeling.labels", "bucket.data"));
        assertThat(r.get(Address.parse("compile.detector.x86_64-cpu")).dependsOn())
                .isEqualTo(addresses("training.detector"));
        assertThat(r.get(Address.parse("component.com.example.detector")).dependsOn())
                .isEqualTo(addresses("compile.detector.x86_64-cpu", "component.dda.EdgeService"));
        assertThat(r.get(Address.parse("fleet.line-1")).dependsOn()).isEmpty();
        assertThat(r.get(Address.parse("deployment.line-1")).dependsOn()).isEqualTo(
                addresses("fleet.line-1", "component.com.example.detector", "component.dda.EdgeService"));
    }

    @Test
    void build_whenSpecIsValid_fillsAttributesAndDefaults() throws Exception {
        Map<Address, Resource> r = byAddress(graph(dir, SpecFixtures.VALID));
        Map<String, Object> bucket = r.get(Address.parse("bucket.data")).attributes();
        assertThat(bucket).containsEntry("name", "dda-test-bucket").containsEntry("account", "local")
                .containsEntry("publicAccessBlock", true).containsEntry("protect", false)
                .containsEntry("tags", Map.of()).containsEntry("grants", List.of());
        Map<String, Object> labeling = r.get(Address.parse("labeling.labels")).attributes();
        assertThat(labeling).containsEntry("from", "folders").containsEntry("normalLabel", "normal")
                .containsEntry("labels", List.of("normal", "anomaly"));
        Map<String, Object> training = r.get(Address.parse("training.detector")).attributes();
        assertThat(training).containsEntry("output", Map.of("bucket", "data", "prefix", "training/"))
                .containsEntry("maxRuntime", 3600L).containsEntry("gates", List.of("auroc >= 0.9"))
                .doesNotContainKey("compile");
        assertThat(r.get(Address.parse("compile.detector.x86_64-cpu")).attributes())
                .isEqualTo(Map.of("training", "detector", "target", "x86_64-cpu"));
        assertThat(r.get(Address.parse("deployment.line-1")).attributes())
                .containsEntry("components", List.of("com.example.detector"))
                .containsEntry("edge", Map.of("port", 18500L));
        assertThat(r.get(Address.parse("training.detector")).location().line()).isEqualTo(26);
    }

    @Test
    void build_whenDatasetHasSource_digestsEachFileByRelativePathSkippingDotfiles() throws Exception {
        Files.createDirectories(dir.resolve("data/.git"));
        Files.writeString(dir.resolve("data/.git/config"), "x");
        Files.writeString(dir.resolve("data/.DS_Store"), "x");
        Map<String, Object> dataset = byAddress(graph(dir, SpecFixtures.VALID))
                .get(Address.parse("dataset.images")).attributes();
        assertThat(dataset).containsEntry("source", "data");
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) dataset.get("files")).entrySet())).containsExactly(
                Map.entry("anomaly/b.png", "787c798e39a5bc1910355bae6d0cd87a36b2e10fd0202a83e3bb6b005da83472"),
                Map.entry("normal/a.png", "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"));
    }

    @Test
    void build_whenSpecMovesOrKeysReorder_attributesStayEqual() throws Exception {
        String reordered = SpecFixtures.VALID.replace("    account: local\n    name: dda-test-bucket",
                "    name: dda-test-bucket\n    account: local");
        Map<Address, Resource> a = byAddress(graph(dir.resolve("one"), SpecFixtures.VALID));
        Map<Address, Resource> b = byAddress(graph(dir.resolve("elsewhere/two"), reordered));
        for (Address address : a.keySet()) {
            assertThat(b.get(address).attributes()).as(address.toString()).isEqualTo(a.get(address).attributes());
            assertThat(b.get(address).dependsOn()).isEqualTo(a.get(address).dependsOn());
        }
        assertThat(a.values().stream().map(Resource::attributes).toList().toString()).doesNotContain(dir.toString());
    }

    @Test
    void build_whenOneImageChanges_onlyThatFileDigestChanges() throws Exception {
        Map<Address, Resource> before = byAddress(graph(dir, SpecFixtures.VALID));
        Files.write(dir.resolve("data/normal/a.png"), new byte[] {9, 9, 9, 9});
        Map<Address, Resource> after = byAddress(ResourceGraphBuilder.build(load(dir.resolve("dda-pipeline.yaml"))));
        Map<?, ?> filesBefore = (Map<?, ?>) before.get(Address.parse("dataset.images")).attributes().get("files");
        Map<?, ?> filesAfter = (Map<?, ?>) after.get(Address.parse("dataset.images")).attributes().get("files");
        assertThat(filesAfter.get("normal/a.png")).isNotEqualTo(filesBefore.get("normal/a.png"));
        assertThat(filesAfter.get("anomaly/b.png")).isEqualTo(filesBefore.get("anomaly/b.png"));
        for (Address address : before.keySet()) {
            if (!address.equals(Address.parse("dataset.images"))) {
                assertThat(after.get(address).attributes()).as(address.toString())
                        .isEqualTo(before.get(address).attributes());
            }
        }
    }

    @Test
    void build_whenLabelingImportsManifest_digestsItsContent() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("output.manifest"), "{\"source-ref\":\"s3://b/a.png\"}\n");
        String spec = SpecFixtures.withLine(22, "    from: manifest\n    manifest: output.manifest");
        Map<String, Object> before = byAddress(graph(dir, spec)).get(Address.parse("labeling.labels")).attributes();
        Files.writeString(dir.resolve("output.manifest"), "{\"source-ref\":\"s3://b/other.png\"}\n");
        Map<String, Object> after = byAddress(graph(dir, spec)).get(Address.parse("labeling.labels")).attributes();
        assertThat(before).containsEntry("from", "manifest").containsEntry("manifest", "output.manifest")
                .containsKey("manifestSha256");
        assertThat(after.get("manifestSha256")).isNotEqualTo(before.get("manifestSha256"));
    }

    @Test
    void build_whenNoFleet_addsNoEdgeServiceAndComponentsDependOnCompile() throws Exception {
        String spec = SpecFixtures.VALID.substring(0, SpecFixtures.VALID.indexOf("fleets:"));
        Map<Address, Resource> r = byAddress(graph(dir, spec));
        assertThat(r).doesNotContainKey(Address.parse("component.dda.EdgeService"));
        assertThat(r.get(Address.parse("component.com.example.detector")).dependsOn())
                .isEqualTo(addresses("compile.detector.x86_64-cpu"));
    }

    @Test
    void build_whenABucketGrantsWrite_theEdgeServiceWaitsForItsArtifactBucket() throws Exception {
        String spec = SpecFixtures.withLine(12, "    name: dda-test-bucket\n    grants: [ { role: local/Trainer, "
                + "access: read-write } ]");
        Map<Address, Resource> r = byAddress(graph(dir, spec));
        assertThat(r.get(Address.parse("component.dda.EdgeService")).dependsOn()).isEqualTo(addresses("bucket.data"));
        assertThat(byAddress(graph(dir, SpecFixtures.VALID)).get(Address.parse("component.dda.EdgeService"))
                .dependsOn()).isEmpty();
    }

    @Test
    void build_whenResourceIsProtected_marksIt() throws Exception {
        String spec = SpecFixtures.withLine(12, "    name: dda-test-bucket\n    protect: true");
        Resource bucket = byAddress(graph(dir, spec)).get(Address.parse("bucket.data"));
        assertThat(bucket.protect()).isTrue();
        assertThat(bucket.attributes()).containsEntry("protect", true);
    }

    @Test
    void build_whenLocalExample_ordersDependenciesFirst() {
        SpecResult result = SpecLoader.load(Path.of("..", "examples", "pipelines", "aliens-local.yaml"), Map.of());
        ResourceGraph g = ResourceGraphBuilder.build(result.specOrNull());
        List<Address> order = g.resources().stream().map(Resource::address).toList();
        for (Resource r : g.resources()) {
            for (Address d : r.dependsOn()) {
                assertThat(order.indexOf(d)).as(r.address() + " after " + d).isLessThan(order.indexOf(r.address()));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) g.get(Address.parse("dataset.alien")).orElseThrow().attributes().get("files");
        assertThat(files).hasSize(81).containsKey("ATTRIBUTION.md");
    }
}
