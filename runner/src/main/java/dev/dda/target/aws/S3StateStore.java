package dev.dda.target.aws;

import dev.dda.state.StaleStateException;
import dev.dda.state.State;
import dev.dda.state.StateCodec;
import dev.dda.state.StateStore;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * State as one JSON object in a versioned, encrypted, private S3 bucket (every earlier state stays as an object
 * version). A save is conditional twice over: the stored lineage and serial must be the ones this write follows,
 * and the PUT carries {@code If-Match} with the ETag read (or {@code If-None-Match: *} for the first state), so a
 * writer that slipped in between is refused rather than overwritten.
 */
public final class S3StateStore implements StateStore {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String region;

    public S3StateStore(S3Client s3, String bucket, String key, String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.region = region;
    }

    private record Stored(State state, String etag) {}

    @Override
    public Optional<State> load() throws IOException {
        return read().map(Stored::state);
    }

    private Optional<Stored> read() throws IOException {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            String where = "s3://" + bucket + "/" + key;
            return Optional.of(new Stored(StateCodec.read(bytes.asByteArray(), where, "the bucket keeps earlier"
                    + " versions (aws s3api list-object-versions --bucket " + bucket + " --prefix " + key
                    + "); restore the last good one"), bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            if (AwsHandler.isCode(e, "NoSuchBucket")) {
                return Optional.empty();
            }
            throw new IOException("reading state s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(State next) throws IOException {
        Optional<Stored> current = read();
        if (current.isPresent()) {
            State now = current.get().state();
            if (!now.lineage().equals(next.lineage()) || now.serial() != next.serial() - 1) {
                throw new StaleStateException("state s3://" + bucket + "/" + key + " is at serial " + now.serial()
                        + " (lineage " + now.lineage() + "); this write follows serial " + (next.serial() - 1)
                        + " (lineage " + next.lineage() + "): another run wrote in between; plan again");
            }
        }
        byte[] body = StateCodec.write(next);
        if (current.isEmpty()) {
            ensureBucket();
        }
        try {
            s3.putObject(b -> {
                b.bucket(bucket).key(key).contentType("application/json");
                if (current.isPresent()) {
                    b.ifMatch(current.get().etag());
                } else {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromBytes(body));
        } catch (SdkException e) {
            if (AwsHandler.status(e) == 412 || AwsHandler.isCode(e, "PreconditionFailed", "ConditionalRequestConflict")) {
                throw new StaleStateException("state s3://" + bucket + "/" + key + " changed while writing; plan again");
            }
            throw new IOException("writing state s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Creates the state bucket when it is missing: private, encrypted, versioned. */
    public void ensureBucket() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (SdkException e) {
            if (AwsHandler.status(e) != 404) {
                throw new IOException("state bucket " + bucket + ": " + e.getMessage(), e);
            }
        }
        try {
            s3.createBucket(b -> {
                b.bucket(bucket);
                if (!"us-east-1".equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        } catch (SdkException e) {
            throw new IOException("creating state bucket " + bucket + ": " + e.getMessage(), e);
        }
    }
}
