package dev.dda.render;

import java.util.Map;

/** Recipe inputs with fixed digests, shared by the renderer and checker tests. */
final class RecipeFixtures {
    static final String BASE = "s3://dda-component-us-east-1-123456789012";

    private RecipeFixtures() {}

    static String hex(char c) {
        return String.valueOf(c).repeat(64);
    }

    static EdgeServiceRecipe edge() {
        return new EdgeServiceRecipe(EdgeServiceRecipe.DEFAULT_NAME, 1, "dda", 18500, "127.0.0.1", "-Xmx512m", 60,
                new RecipeArtifact("dda-edge-app.zip", hex('a')),
                Map.of(CompileTarget.X86_64_CPU, new RecipeArtifact("tensorflow-core-native-1.1.0-linux-x86_64.jar", hex('b')),
                        CompileTarget.ARM64_CPU, new RecipeArtifact("tensorflow-core-native-1.1.0-linux-arm64.jar", hex('c')),
                        CompileTarget.X86_64_GPU, new RecipeArtifact("tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar", hex('d'))));
    }

    static ModelRecipe model(String friendlyName, String modelVersion) {
        return new ModelRecipe("com.example.alien-defect-detector-x86_64-cpu", 1, "dda", friendlyName,
                "alien-defect-detector", modelVersion, CompileTarget.X86_64_CPU, EdgeServiceRecipe.DEFAULT_NAME, 1,
                0.4375, 0.5, 120, Map.of("auroc", 0.985, "f1", 0.95),
                new RecipeArtifact("alien-defect-detector-x86_64-cpu.zip", hex('e')));
    }
}
