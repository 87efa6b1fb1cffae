package dev.dda.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecipeCheckerTest {
    private static String valid;

    @BeforeAll
    static void render() throws Exception {
        valid = new RecipeRenderer(TemplateEngine.create(), RecipeFixtures.BASE)
                .renderModel(RecipeFixtures.model("Alien", "1")).text();
    }

    private static List<RecipeProblem> checkWith(String from, String to) {
        assertThat(valid).contains(from);
        return RecipeChecker.check(valid.replace(from, to));
    }

    @Test
    void check_whenRendered_findsNothing() {
        assertThat(RecipeChecker.check(valid)).isEmpty();
    }

    @Test
    void check_whenFormatVersionWrong_namesIt() {
        assertThat(checkWith("\"2020-01-25\"", "\"2021-01-01\""))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("RecipeFormatVersion:").contains("2020-01-25"));
    }

    @Test
    void check_whenNameHasSpacesOrIsReserved_namesIt() {
        assertThat(checkWith("ComponentName: \"com.example", "ComponentName: \"com example"))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("ComponentName"));
        assertThat(checkWith("ComponentName: \"com.example", "ComponentName: \"aws.greengrass.x"))
                .anySatisfy(p -> assertThat(p.message()).contains("reserved"));
    }

    @Test
    void check_whenVersionHasBuildMetadataOrTooLargePart_namesIt() {
        String version = valid.lines().filter(l -> l.startsWith("ComponentVersion:")).findFirst().orElseThrow();
        assertThat(checkWith(version, "ComponentVersion: \"1.0.0+abc\""))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("ComponentVersion:").contains("MAJOR.MINOR.PATCH"));
        assertThat(checkWith(version, "ComponentVersion: \"1.0.1000000\""))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("ComponentVersion"));
    }

    @Test
    void check_whenDependencyRequirementOrTypeInvalid_namesIt() {
        assertThat(checkWith("\">=1.0.0 <2.0.0\"", "\"latest\""))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("ComponentDependencies.dda.EdgeService.VersionRequirement"));
        assertThat(checkWith("DependencyType: \"HARD\"", "DependencyType: \"STRONG\""))
                .anySatisfy(p -> assertThat(p.where()).endsWith(".DependencyType"));
    }

    @Test
    void check_whenLifecycleKeyUnknownOrStartupAndRunBoth_namesIt() {
        assertThat(checkWith("      Shutdown:", "      Stop:"))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("Manifests[0].Lifecycle.Stop"));
        assertThat(checkWith("      Shutdown:", "      Run:"))
                .anySatisfy(p -> assertThat(p.message()).contains("both Startup and Run"));
    }

    @Test
    void check_whenTimeoutNotPositive_namesIt() {
        assertThat(checkWith("Timeout: 180", "Timeout: -1"))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("Manifests[0].Lifecycle.Startup.Timeout"));
    }

    @Test
    void check_whenArtifactUriOrDigestBad_namesIt() {
        assertThat(checkWith("URI: \"s3://", "URI: \"https://"))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("Manifests[0].Artifacts[0].URI"));
        assertThat(checkWith("Digest: \"7u7u", "Digest: \"zz"))
                .anySatisfy(p -> assertThat(p.where()).isEqualTo("Manifests[0].Artifacts[0].Digest"));
        assertThat(checkWith("Unarchive: \"ZIP\"", "Unarchive: \"TAR\""))
                .anySatisfy(p -> assertThat(p.where()).endsWith(".Unarchive"));
    }

    @Test
    void check_whenVariableNamesUndeclaredComponentOrConfigKey_namesIt() {
        assertThat(checkWith("{dda.EdgeService:work:path}", "{aws.edgeml.dda.InferenceApp:work:path}"))
                .anySatisfy(p -> assertThat(p.message()).contains("not in ComponentDependencies"));
        assertThat(checkWith("{configuration:/ModelName}", "{configuration:/ModelNmae}"))
                .anySatisfy(p -> assertThat(p.message()).contains("'ModelNmae'"));
    }

    @Test
    void check_whenLargerThanQuota_saysSo() {
        String big = valid.replace("FriendlyName: \"Alien\"", "FriendlyName: \"" + "x".repeat(17_000) + "\"");
        assertThat(RecipeChecker.check(big)).anySatisfy(p -> assertThat(p.message()).contains("at most 16384 bytes"));
    }

    @Test
    void require_whenNotYaml_throwsWithEveryProblem() {
        assertThatThrownBy(() -> RecipeChecker.require("x", "a: [unclosed"))
                .isInstanceOf(RecipeException.class).hasMessageContaining("not valid YAML");
    }
}
