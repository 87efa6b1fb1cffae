package dev.dda.target.aws;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** The same S3/IAM/STS contract against LocalStack, when Docker is present (GitHub Actions); skipped otherwise. */
class LocalStackBucketTest extends BucketContract {
    private static LocalStackContainer localstack;

    @BeforeAll
    static void start() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "Docker is not available here: the LocalStack run of the S3/IAM/STS tests "
                + "is skipped (moto covers them)");
        localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.IAM,
                        LocalStackContainer.Service.STS);
        localstack.start();
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    protected URI endpoint() {
        return localstack.getEndpoint();
    }
}
