package dev.dda.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class RecipeRendererTest {
    private final RecipeRenderer renderer = new RecipeRenderer(TemplateEngine.create(), RecipeFixtures.BASE);

    @Test
    void renderEdgeService_whenAllPlatforms_matchesGoldenFile() throws Exception {
        RenderedRecipe r = renderer.renderEdgeService(RecipeFixtures.edge());
        assertGolden("edge-service.recipe.yaml", r.text());
        assertThat(RecipeChecker.check(r.text())).isEmpty();
    }

    @Test
    void renderModel_whenOneTarget_matchesGoldenFile() throws Exception {
        RenderedRecipe r = renderer.renderModel(RecipeFixtures.model("Alien Defect Detector", "20261126-1"));
        assertGolden("model.recipe.yaml", r.text());
        assertThat(RecipeChecker.check(r.text())).isEmpty();
    }

    @Test
    void renderEdgeService_whenGpuPlatformPresent_putsItsManifestFirst() throws Exception {
        Map<String, Object> recipe = parse(renderer.renderEdgeService(RecipeFixtures.edge()).text());
        List<?> manifests = (List<?>) recipe.get("Manifests");
        assertThat(manifests).hasSize(3);
        assertThat(((Map<?, ?>) ((Map<?, ?>) manifests.get(0)).get("Platform")).get("accelerator")).isEqualTo("nvidia");
        Map<?, ?> cpu = (Map<?, ?>) manifests.get(1);
        List<?> artifacts = (List<?>) cpu.get("Artifacts");
        assertThat(((Map<?, ?>) artifacts.get(1)).get("URI").toString())
                .endsWith("/tensorflow-core-native-1.1.0-linux-x86_64.jar");
    }

    @Test
    void renderModel_whenSameInputs_givesSameVersion() throws Exception {
        String a = renderer.renderModel(RecipeFixtures.model("Alien", "1")).version();
        String b = new RecipeRenderer(TemplateEngine.create(), RecipeFixtures.BASE)
                .renderModel(RecipeFixtures.model("Alien", "1")).version();
        assertThat(a).isEqualTo(b).matches("1\\.\\d{1,5}\\.\\d{1,5}");
    }

    @Test
    void renderModel_whenModelOrConfigurationChanges_givesNewVersion() throws Exception {
        String base = renderer.renderModel(RecipeFixtures.model("Alien", "1")).version();
        assertThat(renderer.renderModel(RecipeFixtures.model("Alien", "2")).version()).isNotEqualTo(base);
        assertThat(renderer.renderModel(RecipeFixtures.model("Alien 2", "1")).version()).isNotEqualTo(base);
        ModelRecipe m = RecipeFixtures.model("Alien", "1");
        ModelRecipe otherZip = new ModelRecipe(m.componentName(), m.major(), m.publisher(), m.friendlyName(),
                m.modelName(), m.modelVersion(), m.target(), m.edgeComponentName(), m.edgeMajor(),
                m.anomalyThreshold(), m.normalThreshold(), m.loadTimeoutSeconds(), m.metrics(),
                new RecipeArtifact(m.modelZip().fileName(), RecipeFixtures.hex('f')));
        assertThat(renderer.renderModel(otherZip).version()).isNotEqualTo(base);
    }

    @Test
    void renderModel_whenValuesTryToInject_keepsThemAsPlainStrings() throws Exception {
        String evil = "\"; rm -rf / #\n  Evil: ${x} </script> {configuration:/Nope} \u0007";
        RenderedRecipe r = renderer.renderModel(RecipeFixtures.model(evil, "1"));
        Map<String, Object> recipe = parse(r.text());
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) recipe.get("ComponentConfiguration")).get("DefaultConfiguration");
        assertThat(config.get("FriendlyName")).isEqualTo(evil);
        assertThat(config.containsKey("Evil")).isFalse();
        assertThat(r.text()).doesNotContain("</script>").doesNotContain("rm -rf / #\n");
        assertThat(RecipeChecker.check(r.text())).isEmpty();
    }

    private static Map<String, Object> parse(String text) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        return m;
    }

    /** Compares with src/test/resources/golden/greengrass/NAME; -Dgolden.update=true rewrites the file. */
    static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden/greengrass", name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
