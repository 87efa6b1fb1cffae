package dev.dda.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsNamesTest {
    @Test
    void bucketProblem_whenNameFollowsS3Rules_isEmpty() {
        for (String ok : new String[] {"abc", "dda-alien-bucket", "my.bucket.1", "a".repeat(63)}) {
            assertThat(AwsNames.bucketProblem(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void bucketProblem_whenNameBreaksARule_namesTheRule() {
        assertThat(AwsNames.bucketProblem("ab")).contains("is 2 characters long; S3 bucket names have 3 to 63");
        assertThat(AwsNames.bucketProblem("a".repeat(64))).get().asString().contains("64 characters");
        assertThat(AwsNames.bucketProblem("my_bucket")).get().asString()
                .contains("characters other than lower-case letters");
        assertThat(AwsNames.bucketProblem("-bucket")).contains("must begin and end with a lower-case letter or digit");
        assertThat(AwsNames.bucketProblem("my..bucket")).contains("must not hold two adjacent periods");
        assertThat(AwsNames.bucketProblem("my.-bucket")).contains("must not hold a period next to a hyphen");
        assertThat(AwsNames.bucketProblem("10.0.0.1")).contains("must not look like an IP address");
        assertThat(AwsNames.bucketProblem("xn--bucket")).contains("must not start with 'xn--' (reserved by S3)");
        assertThat(AwsNames.bucketProblem("data-s3alias")).contains("must not end with '-s3alias' (reserved by S3)");
        assertThat(AwsNames.bucketProblem("data--ol-s3")).contains("must not end with '--ol-s3' (reserved by S3)");
    }

    @Test
    void jobNameProblem_whenNameLeavesNoRoomForHash_saysHowLong() {
        assertThat(AwsNames.jobNameProblem("a".repeat(54))).isEmpty();
        assertThat(AwsNames.jobNameProblem("a".repeat(55))).get().asString().startsWith("is 55 characters long; at most 54");
    }

    @Test
    void componentNameProblem_whenReservedOrLong_refuses() {
        assertThat(AwsNames.componentNameProblem("com.example.detector")).isEmpty();
        assertThat(AwsNames.componentNameProblem("dda.EdgeService")).isPresent();
        assertThat(AwsNames.componentNameProblem("aws.greengrass.Nucleus")).get().asString().contains("reserved");
        assertThat(AwsNames.componentNameProblem("c".repeat(129))).get().asString().contains("at most 128");
    }
}
