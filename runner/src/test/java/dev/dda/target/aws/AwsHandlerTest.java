package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class AwsHandlerTest {
    @Test
    void failure_whenTheEndpointDoesNotServeTheService_saysSoAndHowToSendItElsewhere() {
        AwsServiceException bare404 = AwsServiceException.builder().statusCode(404)
                .message("Service returned HTTP status code 404")
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("GreengrassV2").build()).build();

        assertThat(AwsHandler.failure("greengrass:ListCoreDevices", bare404).getMessage()).isEqualTo(
                "greengrass:ListCoreDevices failed: the endpoint answered HTTP 404 with no AWS error code: it does not"
                        + " serve GreengrassV2. If AWS_ENDPOINT_URL points at an emulator that lacks it, send this"
                        + " service elsewhere with AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_GREENGRASSV2)");
    }

    @Test
    void failure_whenAwsNamesTheError_givesItsCodeAndMessage() {
        AwsServiceException notFound = AwsServiceException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("GreengrassV2")
                        .errorCode("ResourceNotFoundException").errorMessage("no such component").build()).build();

        assertThat(AwsHandler.failure("greengrass:GetComponent", notFound).getMessage())
                .isEqualTo("greengrass:GetComponent failed: ResourceNotFoundException: no such component");
    }
}
