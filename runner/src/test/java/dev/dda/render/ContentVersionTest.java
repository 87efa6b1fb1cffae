package dev.dda.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentVersionTest {
    @Test
    void of_whenSameDigest_isStableAndValidForGreengrass() {
        String d = ContentVersion.digest("recipe", "model-sha");
        assertThat(ContentVersion.of(3, d)).isEqualTo(ContentVersion.of(3, d)).startsWith("3.");
        assertThat(RecipeChecker.validVersion(ContentVersion.of(3, d))).isTrue();
    }

    @Test
    void digest_whenPartsSplitDifferently_differs() {
        assertThat(ContentVersion.digest("ab", "c")).isNotEqualTo(ContentVersion.digest("a", "bc"));
    }

    @Test
    void of_whenThousandDifferentInputs_givesThousandDifferentVersions() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(ContentVersion.of(1, ContentVersion.digest("model", Integer.toString(i))));
        }
        assertThat(seen).hasSize(1000);
    }
}
