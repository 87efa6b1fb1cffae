package dev.dda.target.aws;

import dev.dda.render.TemplateEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bucket's configuration in one normal form, built either from the spec or from what S3 reports, so that
 * observed and desired compare field by field: name, region, tags, policy (canonical JSON), cors, encryption,
 * versioning, publicAccessBlock. A null field is "not managed": it never counts as drift.
 */
public final class BucketConfig {
    public static final String MANAGED_TAG = "dda-portal:managed";
    public static final String PIPELINE_TAG = "dda:pipeline";
    /**
     * The commit that last applied the bucket: provenance written on apply, never desired state, so a new commit
     * alone is not drift.
     */
    public static final String COMMIT_TAG = "dda:commit";
    static final List<String> READ_BUCKET = List.of("s3:GetBucketLocation", "s3:ListBucket");
    static final List<String> READ_OBJECTS = List.of("s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion");
    static final List<String> WRITE_OBJECTS = List.of("s3:AbortMultipartUpload", "s3:GetObject",
            "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:PutObject");
    static final List<String> WRITE_BUCKET = List.of("s3:GetBucketLocation", "s3:ListBucket",
            "s3:ListBucketMultipartUploads");

    private BucketConfig() {}

    /** The desired configuration of a {@code bucket.NAME} resource. */
    public static Map<String, Object> desired(Map<String, Object> attrs, AwsConfig config, TemplateEngine templates) {
        String name = Attrs.required(attrs, "name", "bucket");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("region", config.region());
        Map<String, String> tags = new TreeMap<>(Attrs.stringMap(attrs, "tags"));
        tags.putIfAbsent(MANAGED_TAG, "true");
        tags.put(PIPELINE_TAG, config.pipeline());
        d.put("tags", tags);
        d.put("policy", PolicyDocuments.canonical(policy(name, Attrs.list(attrs, "grants"), config, templates)));
        d.put("cors", cors(attrs.get("cors")));
        d.put("encryption", encryption(attrs.get("encryption")));
        d.put("bucketKey", bucketKey(attrs.get("encryption")));
        Object v = attrs.get("versioning");
        d.put("versioning", v == null ? null : versioning(v));
        d.put("publicAccessBlock", Attrs.bool(attrs, "publicAccessBlock", true));
        return d;
    }

    /** Renders templates/s3/bucket-policy.json.ftl from the grants. */
    @SuppressWarnings("unchecked")
    static String policy(String bucket, List<Object> grants, AwsConfig config, TemplateEngine templates) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object g : grants) {
            Map<String, Object> grant = (Map<String, Object>) g;
            String role = Attrs.required(grant, "role", "bucket " + bucket + " grant");
            String access = Attrs.str(grant, "access", "read").toLowerCase(Locale.ROOT);
            boolean write = switch (access) {
                case "read" -> false;
                case "write", "readwrite", "read-write" -> true;
                default -> throw new IllegalArgumentException("bucket " + bucket + ": grant access '" + access
                        + "' is not one of read, write");
            };
            String arn = AccountRef.roleArn(role, config.accounts());
            String sid = "Dda" + (write ? "Write" : "Read") + arn.replaceAll("[^A-Za-z0-9]", "");
            statements.add(Map.of("sid", sid.length() > 100 ? sid.substring(0, 100) : sid, "principal", arn,
                    "bucketActions", write ? WRITE_BUCKET : READ_BUCKET,
                    "objectActions", write ? WRITE_OBJECTS : READ_OBJECTS));
        }
        try {
            // an emulator on plain http (moto) enforces explicit denies: there the TLS deny would refuse dda itself
            boolean tls = config.endpointFor("s3").map(u -> !"http".equals(u.getScheme())).orElse(true);
            return templates.render("s3/bucket-policy.json.ftl", Map.of("bucket", bucket, "statements", statements,
                    "denyInsecureTransport", tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CORS rules as sorted maps; accepts a list of rules or {rules: [...]}; none is an empty list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cors(Object spec) {
        Object rules = spec instanceof Map<?, ?> m && m.containsKey("rules") ? m.get("rules") : spec;
        if (rules instanceof Map<?, ?> single) {
            rules = List.of(single);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (rules instanceof List<?> list) {
            for (Object r : list) {
                Map<String, Object> rule = (Map<String, Object>) r;
                out.add(corsRule(strings(rule, "allowedOrigins", "origins"), strings(rule, "allowedMethods", "methods"),
                        strings(rule, "allowedHeaders", "headers"), strings(rule, "exposeHeaders", "expose"),
                        Attrs.integer(rule, rule.containsKey("maxAgeSeconds") ? "maxAgeSeconds" : "maxAge")));
            }
        }
        return out;
    }

    static Map<String, Object> corsRule(List<String> origins, List<String> methods, List<String> headers,
                                        List<String> expose, Integer maxAge) {
        Map<String, Object> m = new TreeMap<>();
        m.put("allowedOrigins", origins.stream().sorted().toList());
        m.put("allowedMethods", methods.stream().map(s -> s.toUpperCase(Locale.ROOT)).sorted().toList());
        m.put("allowedHeaders", headers.stream().sorted().toList());
        m.put("exposeHeaders", expose.stream().sorted().toList());
        if (maxAge != null) {
            m.put("maxAgeSeconds", maxAge);
        }
        return m;
    }

    private static List<String> strings(Map<String, Object> m, String key, String alias) {
        return Attrs.strings(m, m.containsKey(key) ? key : alias);
    }

    /** {@code AES256}, {@code aws:kms} or {@code aws:kms:KEY}; SSE-S3 unless the spec says otherwise. */
    @SuppressWarnings("unchecked")
    static String encryption(Object spec) {
        if (spec == null) {
            return "AES256";
        }
        if (spec instanceof Map<?, ?> m) {
            Map<String, Object> e = (Map<String, Object>) m;
            String key = Attrs.str(e, "kmsKeyId");
            return encryption(Attrs.str(e, "algorithm", key == null ? "AES256" : "aws:kms")) + (key == null ? "" : ":" + key);
        }
        String s = String.valueOf(spec);
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "AES256", "SSE-S3", "S3" -> "AES256";
            case "AWS:KMS", "SSE-KMS", "KMS" -> "aws:kms";
            default -> throw new IllegalArgumentException("bucket encryption '" + s + "' is not AES256 or aws:kms");
        };
    }

    /**
     * Whether SSE-KMS uses an S3 Bucket Key (fewer KMS calls, one data key per bucket): the spec's
     * {@code bucketKey}, else on when a KMS key is named. Never with SSE-S3, which has no KMS calls to save.
     */
    @SuppressWarnings("unchecked")
    static boolean bucketKey(Object spec) {
        if (!encryption(spec).startsWith("aws:kms") || !(spec instanceof Map<?, ?> m)) {
            return false;
        }
        Object given = ((Map<String, Object>) m).get("bucketKey");
        return given instanceof Boolean b ? b : Attrs.str((Map<String, Object>) m, "kmsKeyId") != null;
    }

    static String versioning(Object spec) {
        if (spec instanceof Boolean b) {
            return b ? "Enabled" : "Suspended";
        }
        String s = String.valueOf(spec);
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("enabled") ? "Enabled" : "Suspended";
    }
}
