package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.render.TemplateEngine;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.ForceDestroy;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@code bucket.NAME}: an S3 bucket in its account and the pipeline's region, with tags, a bucket policy rendered
 * from the grants, CORS, public-access block, default encryption and versioning. Each of these is read back on
 * every plan; a difference is an update that names the field.
 */
final class BucketHandler extends AwsHandler {
    private final TemplateEngine templates;

    BucketHandler(AwsClients clients, TemplateEngine templates) {
        super(clients);
        this.templates = templates;
    }

    private String account(Resource r) {
        return Attrs.str(r.attributes(), "account", config().homeAccount().map(AccountRef::name).orElse(null));
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        String name = Attrs.required(desired.attributes(), "name", desired.address());
        S3Client s3 = clients.s3(account(desired));
        try {
            return read(s3, name, expectedOwner(desired));
        } catch (SdkException e) {
            throw failure("reading bucket " + name, e);
        }
    }

    private String expectedOwner(Resource r) {
        String account = account(r);
        return account == null ? null : config().account(account).id();
    }

    /** HeadBucket with the expected owner first: a bucket of that name in another account is a clear error. */
    static Observation read(S3Client s3, String name, String owner) throws TargetException {
        String region;
        try {
            region = s3.headBucket(b -> b.bucket(name).expectedBucketOwner(owner)).bucketRegion();
        } catch (NoSuchBucketException e) {
            return Observation.absent();
        } catch (SdkException e) {
            if (status(e) == 404) {
                return Observation.absent();
            }
            if (status(e) == 403) {
                throw new TargetException("bucket " + name + " exists but is not owned by account " + owner
                        + " (S3 bucket names are global): choose another name");
            }
            throw e;
        }
        // the six reads are independent: issued together, a bucket costs one round trip of wall time, not six
        var tags = ASYNC.submit(() -> tags(s3, name));
        var policy = ASYNC.submit(() -> policy(s3, name));
        var cors = ASYNC.submit(() -> cors(s3, name));
        var encryption = ASYNC.submit(() -> encryptionRule(s3, name));
        var versioning = ASYNC.submit(() -> s3.getBucketVersioning(b -> b.bucket(name)).status());
        var block = ASYNC.submit(() -> publicAccessBlock(s3, name));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("region", region);
        a.put("tags", join(tags));
        a.put("policy", join(policy));
        a.put("cors", join(cors));
        Optional<ServerSideEncryptionRule> rule = join(encryption);
        String algorithm = encryption(rule);
        a.put("encryption", algorithm);
        // as BucketConfig.bucketKey: only SSE-KMS has one
        a.put("bucketKey", algorithm.startsWith("aws:kms")
                && rule.map(r -> Boolean.TRUE.equals(r.bucketKeyEnabled())).orElse(false));
        a.put("versioning", join(versioning) == BucketVersioningStatus.ENABLED ? "Enabled" : "Suspended");
        a.put("publicAccessBlock", join(block));
        return Observation.present(a);
    }

    private static Map<String, String> tags(S3Client s3, String name) {
        Map<String, String> tags = new TreeMap<>();
        try {
            s3.getBucketTagging(b -> b.bucket(name)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            tags.remove(BucketConfig.COMMIT_TAG);
        } catch (SdkException e) {
            if (!isCode(e, "NoSuchTagSet", "NoSuchTagSetError")) {
                throw e;
            }
        }
        return tags;
    }

    private static String policy(S3Client s3, String name) {
        try {
            return PolicyDocuments.canonical(s3.getBucketPolicy(b -> b.bucket(name)).policy());
        } catch (SdkException e) {
            if (isCode(e, "NoSuchBucketPolicy")) {
                return "(none)";
            }
            throw e;
        }
    }

    private static List<Map<String, Object>> cors(S3Client s3, String name) {
        List<Map<String, Object>> rules = new ArrayList<>();
        try {
            for (CORSRule r : s3.getBucketCors(b -> b.bucket(name)).corsRules()) {
                rules.add(BucketConfig.corsRule(r.allowedOrigins(), r.allowedMethods(), r.allowedHeaders(),
                        r.exposeHeaders(), r.maxAgeSeconds()));
            }
        } catch (SdkException e) {
            if (!isCode(e, "NoSuchCORSConfiguration")) {
                throw e;
            }
        }
        return rules;
    }

    /** The bucket's default-encryption rule; empty when it has none. */
    private static Optional<ServerSideEncryptionRule> encryptionRule(S3Client s3, String name) {
        try {
            GetBucketEncryptionResponse r = s3.getBucketEncryption(b -> b.bucket(name));
            return Optional.of(r.serverSideEncryptionConfiguration().rules().get(0));
        } catch (SdkException e) {
            if (isCode(e, "ServerSideEncryptionConfigurationNotFoundError")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code AES256}, {@code aws:kms} or {@code aws:kms:KEY}, as {@link BucketConfig#encryption} writes them. */
    private static String encryption(Optional<ServerSideEncryptionRule> rule) {
        return rule.map(r -> {
            ServerSideEncryptionByDefault d = r.applyServerSideEncryptionByDefault();
            return d.sseAlgorithmAsString() + (d.kmsMasterKeyID() == null ? "" : ":" + d.kmsMasterKeyID());
        }).orElse("(none)");
    }

    private static Object publicAccessBlock(S3Client s3, String name) {
        try {
            PublicAccessBlockConfiguration c = s3.getPublicAccessBlock(b -> b.bucket(name))
                    .publicAccessBlockConfiguration();
            List<Boolean> flags = java.util.Arrays.asList(c.blockPublicAcls(), c.ignorePublicAcls(),
                    c.blockPublicPolicy(), c.restrictPublicBuckets());
            if (flags.stream().allMatch(Boolean.TRUE::equals)) {
                return true;
            }
            if (flags.stream().noneMatch(Boolean.TRUE::equals)) {
                return false;
            }
            return "partial " + flags;
        } catch (SdkException e) {
            if (isCode(e, "NoSuchPublicAccessBlockConfiguration")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (!actual.exists()) {
            return change(desired, Action.CREATE, List.of("bucket does not exist"), prior, context);
        }
        Map<String, Object> want = BucketConfig.desired(desired.attributes(), config(), templates);
        if (!want.get("region").equals(actual.attributes().get("region"))) {
            return change(desired, Action.REPLACE, List.of("region: " + actual.attributes().get("region") + " → "
                    + want.get("region") + " (a bucket cannot move; delete it by hand first)"), prior, context);
        }
        List<String> reasons = drift(want, actual.attributes());
        if (reasons.isEmpty() && prior.isEmpty()) {
            return change(desired, Action.UPDATE, List.of("bucket exists and matches; adopting it into state"),
                    prior, context);
        }
        return change(desired, reasons.isEmpty() ? Action.NOOP : Action.UPDATE, reasons, prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        if (change.action() == Action.REPLACE) {
            throw new TargetException(desired.address() + ": " + String.join("; ", change.reasons()));
        }
        Map<String, Object> want = BucketConfig.desired(desired.attributes(), config(), templates);
        String name = (String) want.get("name");
        S3Client s3 = clients.s3(account(desired));
        try {
            if (change.action() == Action.CREATE) {
                create(s3, name);
            }
            configure(s3, want, context.gitCommit());
        } catch (SdkException e) {
            throw failure("configuring bucket " + name, e);
        }
        return new ApplyOutcome.Done(outputs("name", name, "arn", "arn:aws:s3:::" + name, "region",
                config().region(), "account", expectedOwner(desired), "uri", "s3://" + name + "/"));
    }

    private void create(S3Client s3, String name) {
        String region = config().region();
        try {
            s3.createBucket(b -> {
                b.bucket(name);
                if (!"us-east-1".equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
                }
            });
        } catch (SdkException e) {
            if (!isCode(e, "BucketAlreadyOwnedByYou")) {
                throw e;
            }
        }
    }

    /** Writes every managed field; the calls are idempotent, so an update simply writes them all again. */
    @SuppressWarnings("unchecked")
    static void configure(S3Client s3, Map<String, Object> want, String commit) {
        String name = (String) want.get("name");
        boolean block = Boolean.TRUE.equals(want.get("publicAccessBlock"));
        s3.putPublicAccessBlock(b -> b.bucket(name).publicAccessBlockConfiguration(c -> c.blockPublicAcls(block)
                .ignorePublicAcls(block).blockPublicPolicy(block).restrictPublicBuckets(block)));
        String[] enc = ((String) want.get("encryption")).split(":", 3);
        String algorithm = enc[0].equals("aws") ? "aws:kms" : enc[0];
        String key = enc.length == 3 ? enc[2] : null;
        s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(algorithm).kmsMasterKeyID(key))
                .bucketKeyEnabled(Boolean.TRUE.equals(want.get("bucketKey"))))));
        if (want.get("versioning") != null) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(
                    BucketVersioningStatus.fromValue((String) want.get("versioning")))));
        }
        List<Tag> tags = new ArrayList<>();
        ((Map<String, String>) want.get("tags")).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        if (commit != null && !commit.isBlank()) {
            tags.add(Tag.builder().key(BucketConfig.COMMIT_TAG).value(commit).build());
        }
        s3.putBucketTagging(b -> b.bucket(name).tagging(t -> t.tagSet(tags)));
        s3.putBucketPolicy(b -> b.bucket(name).policy((String) want.get("policy")));
        List<Map<String, Object>> cors = (List<Map<String, Object>>) want.get("cors");
        if (cors.isEmpty()) {
            s3.deleteBucketCors(b -> b.bucket(name));
        } else {
            s3.putBucketCors(b -> b.bucket(name).corsConfiguration(c -> c.corsRules(cors.stream().map(r -> CORSRule
                    .builder().allowedOrigins((List<String>) r.get("allowedOrigins"))
                    .allowedMethods((List<String>) r.get("allowedMethods"))
                    .allowedHeaders((List<String>) r.get("allowedHeaders"))
                    .exposeHeaders((List<String>) r.get("exposeHeaders"))
                    .maxAgeSeconds((Integer) r.get("maxAgeSeconds")).build()).toList())));
        }
    }

    @Override
    public List<String> deleteConsequences(ResourceState prior) {
        return ForceDestroy.consequences(prior);
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        String name = Attrs.str(prior.attributes(), "name");
        S3Client s3 = clients.s3(Attrs.str(prior.attributes(), "account"));
        try {
            if (ForceDestroy.set(prior.attributes())) {
                context.progress().report(prior.address(), "forceDestroy: deleted " + empty(s3, name)
                        + " object version(s) and delete marker(s)");
            }
            s3.deleteBucket(b -> b.bucket(name));
        } catch (SdkException e) {
            if (isCode(e, "BucketNotEmpty")) {
                throw new TargetException("bucket " + name + " is not empty; dda does not delete data unless the"
                        + " bucket says forceDestroy: true: empty it first (aws s3 rm s3://" + name + " --recursive),"
                        + " then run again");
            }
            if (status(e) != 404) {
                throw failure("deleting bucket " + name, e);
            }
        }
    }

    /**
     * Deletes every object version and delete marker, a page (at most 1,000, DeleteObjects' limit) at a time, as
     * Terraform's force_destroy does: a versioned bucket is not empty while old versions remain.
     */
    private static int empty(S3Client s3, String name) throws TargetException {
        int deleted = 0;
        try {
            for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(name))) {
                List<ObjectIdentifier> ids = new ArrayList<>();
                page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId())
                        .build()));
                page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key())
                        .versionId(m.versionId()).build()));
                if (ids.isEmpty()) {
                    continue;
                }
                DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(ids).quiet(true)));
                if (!r.errors().isEmpty()) {
                    S3Error first = r.errors().get(0);
                    throw new TargetException("bucket " + name + ": " + r.errors().size() + " object(s) could not be"
                            + " deleted, first " + first.key() + ": " + first.code() + " " + first.message());
                }
                deleted += ids.size();
            }
        } catch (NoSuchBucketException e) {
            return deleted; // already gone: deleteBucket says so too
        }
        return deleted;
    }
}
