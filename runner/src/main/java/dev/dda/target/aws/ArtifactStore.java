package dev.dda.target.aws;

import dev.dda.packaging.EdgeDistribution;
import dev.dda.packaging.EdgeServiceBuild;
import dev.dda.render.CompileTarget;
import dev.dda.render.RecipeException;
import dev.dda.render.RecipeRenderer;
import dev.dda.render.TemplateEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Component artifacts on S3, content-addressed ({@code BASE/STEM/SHA256/FILE}): an object whose {@code dda-sha256}
 * metadata already equals the file's digest is never uploaded again, so the same model or edge build is stored once
 * whatever versions point at it. Also where the AWS target gets the packaging it shares with the local target: the
 * edge service build and the recipe renderers.
 */
final class ArtifactStore {
    static final String EDGE_PREFIX = "dda/components";
    private final AwsClients clients;
    private final EdgeDistribution edge;
    private final Set<CompileTarget> edgeTargets;
    private final TemplateEngine templates = TemplateEngine.create();

    ArtifactStore(AwsClients clients, EdgeDistribution edge, Set<CompileTarget> edgeTargets) {
        this.clients = clients;
        this.edge = edge;
        this.edgeTargets = EdgeServiceBuild.platforms(edgeTargets);
    }

    RecipeRenderer renderer(String artifactBase) {
        return new RecipeRenderer(templates, artifactBase, RecipeRenderer.ArtifactLayout.CONTENT_ADDRESSED);
    }

    /** Where the edge service's artifacts go: the spec's output bucket. */
    String edgeBase() throws IOException {
        String key = clients.config().outputBucket();
        if (key == null) {
            throw new IOException("the edge service's artifacts need an output bucket: give one bucket a grant with "
                    + "'access: write' (the bucket SageMaker writes to)");
        }
        return "s3://" + clients.config().bucket(key).name() + "/" + EDGE_PREFIX;
    }

    EdgeServiceBuild.EdgeBuild edgeService(boolean write) throws IOException, RecipeException {
        return EdgeServiceBuild.build(edge, renderer(edgeBase()), edgeTargets, write);
    }

    /** The account that holds a bucket of the spec, by its S3 name (the Greengrass account for others). */
    String accountOf(String bucket) {
        return clients.config().buckets().values().stream().filter(b -> b.name().equals(bucket))
                .map(AwsConfig.BucketRef::account).findFirst().orElse(clients.config().greengrassAccount());
    }

    private S3Client s3(URI uri) {
        return clients.s3(accountOf(uri.getHost()));
    }

    /** The SHA-256 recorded on the object, or empty when there is no object. */
    Optional<String> storedSha256(String s3Uri) {
        URI uri = URI.create(s3Uri);
        try {
            return Optional.of(s3(uri).headObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)))
                    .metadata().getOrDefault(DatasetHandler.SHA_METADATA, ""));
        } catch (SdkException e) {
            if (AwsHandler.status(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Uploads {@code file} to {@code s3Uri} unless the object there has this digest; true when it uploaded. */
    boolean put(String s3Uri, Path file, String sha256) {
        if (storedSha256(s3Uri).filter(sha256::equals).isPresent()) {
            return false;
        }
        URI uri = URI.create(s3Uri);
        s3(uri).putObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))
                .metadata(Map.of(DatasetHandler.SHA_METADATA, sha256)), RequestBody.fromFile(file));
        return true;
    }

    void download(String s3Uri, Path to) {
        URI uri = URI.create(s3Uri);
        s3(uri).getObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)), to);
    }
}
