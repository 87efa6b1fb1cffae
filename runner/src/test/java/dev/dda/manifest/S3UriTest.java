package dev.dda.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3UriTest {
    @Test
    void parse_whenBucketStartsWithSOr3_keepsTheWholeName() {
        // the DDA portal's lstrip('s3://') turned these into "agemaker-x" and "dprint"
        assertThat(S3Uri.parse("s3://sagemaker-x/a/b.png")).isEqualTo(S3Uri.of("sagemaker-x", "a/b.png"));
        assertThat(S3Uri.parse("s3://3dprint/x.png").bucket()).isEqualTo("3dprint");
        assertThat(S3Uri.parse("s3://s3s3-bucket/k").bucket()).isEqualTo("s3s3-bucket");
    }

    @Test
    void parse_whenKeyHasDoubleSlash_keepsTheKeyAsIs() {
        S3Uri uri = S3Uri.parse("s3://data-bucket/a//b.png");
        assertThat(uri.key()).isEqualTo("a//b.png");
        assertThat(uri).hasToString("s3://data-bucket/a//b.png");
    }

    @Test
    void parse_whenMalformed_saysWhatWouldBeRight() {
        assertThatThrownBy(() -> S3Uri.parse("s3://s3://b-1/k")).hasMessageContaining("repeats the s3:// scheme");
        assertThatThrownBy(() -> S3Uri.parse("https://b-1/k")).hasMessageContaining("expected s3://BUCKET/KEY");
        assertThatThrownBy(() -> S3Uri.parse("s3:///k")).hasMessageContaining("has no bucket name");
        assertThatThrownBy(() -> S3Uri.parse("s3://Upper_Case/k")).hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> S3Uri.parseObject("s3://bucket-1/folder/"))
                .hasMessageContaining("names a folder, not an object");
    }
}
