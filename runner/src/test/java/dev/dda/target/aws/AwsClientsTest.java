package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsClientsTest {
    @Test
    void explained_whenTheChainFindsNoCredentials_saysSoInOneSentenceAndKeepsTheDetails() {
        SdkClientException chainFailure = SdkClientException.create("Unable to load credentials from any of the"
                + " providers in the chain AwsCredentialsProviderChain(credentialsProviders=[...]) : [...]");
        AwsCredentialsProvider failing = () -> {
            throw chainFailure;
        };

        assertThatThrownBy(() -> AwsClients.explained(failing).resolveCredentials())
                .isInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("no AWS credentials found: set AWS_PROFILE")
                .hasMessageNotContaining("AwsCredentialsProviderChain")
                .hasCause(chainFailure);
    }
}
