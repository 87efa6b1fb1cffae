package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.render.TemplateEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketConfigTest {
    private final AwsConfig realAws = AwsFixtures.config(null, Map.of());

    @Test
    void policy_whenRealEndpoint_grantsLeastPrivilegePerRoleAndDeniesNonTls() throws Exception {
        String policy = BucketConfig.policy("dda-alien-output", List.of(
                Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "write"),
                Map.of("role", "data/Reader\"},{\"Effect\":\"Allow", "access", "read")), realAws, TemplateEngine.create());

        JsonNode doc = new ObjectMapper().readTree(policy);
        JsonNode statements = doc.get("Statement");
        assertThat(statements).hasSize(5);
        assertThat(statements.get(0).get("Principal").get("AWS").asText())
                .isEqualTo("arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDASageMakerExecutionRole");
        assertThat(statements.get(1).get("Action").toString()).contains("s3:PutObject").doesNotContain("s3:DeleteObject");
        assertThat(statements.get(3).get("Action").toString()).doesNotContain("s3:PutObject");
        // the quote in the role name stays inside its JSON string: no statement was injected
        assertThat(statements.get(2).get("Principal").get("AWS").asText()).contains("Reader\"},{\"Effect\"");
        assertThat(statements.get(4).get("Effect").asText()).isEqualTo("Deny");
        assertThat(statements.get(4).get("Condition").toString()).contains("aws:SecureTransport");
    }

    @Test
    void desired_whenSpecSilent_defaultsToManagedTagBlockedPublicAccessAndSseS3() {
        Map<String, Object> d = BucketConfig.desired(Map.of("name", "dda-x"), realAws, TemplateEngine.create());

        assertThat(d).containsEntry("publicAccessBlock", true).containsEntry("encryption", "AES256")
                .containsEntry("versioning", null).containsEntry("cors", List.of());
        assertThat((Map<String, String>) d.get("tags")).containsEntry("dda-portal:managed", "true")
                .containsEntry("dda:pipeline", "test-pipeline");
    }

    @Test
    void policy_whenAccessUnknown_saysWhatIsAllowed() {
        assertThatThrownBy(() -> BucketConfig.policy("b", List.of(Map.of("role", "usecase/R", "access", "admin")),
                realAws, TemplateEngine.create())).hasMessageContaining("not one of read, write");
    }

    @Test
    void canonical_whenAwsReformatsPolicy_comparesEqual() {
        String a = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
                + "\"Resource\":\"r\",\"Principal\":{\"AWS\":[\"p\"]}}]}";
        String b = "{\"Statement\":{\"Principal\":{\"AWS\":\"p\"},\"Resource\":[\"r\"],\"Action\":\"s3:GetObject\","
                + "\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";
        assertThat(PolicyDocuments.canonical(a)).isEqualTo(PolicyDocuments.canonical(b));
        assertThat(PolicyDocuments.canonical(a)).isNotEqualTo(PolicyDocuments.canonical(a.replace("GetObject", "PutObject")));
    }
}
