package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a local bucket's {@code .bucket.json} holds, derived from the spec: the same facts S3 keeps about a
 * bucket (tags, bucket policy, CORS, default encryption, versioning, public-access block), so that drift in
 * any of them shows in the plan field by field.
 */
final class BucketMetadata {
    static final Map<String, Object> DEFAULT_ENCRYPTION = Map.of("algorithm", "AES256");

    private BucketMetadata() {}

    static Map<String, Object> desired(Resource bucket, String accountId, LocalTarget target, PlanContext context)
            throws TargetException {
        Map<String, Object> a = bucket.attributes();
        String name = Trees.string(a, "name");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("accountId", accountId); // not "account": the spec names the account, the metadata its id
        out.put("tags", stringMap(Trees.map(a, "tags")));
        List<?> grants = a.get("grants") instanceof List<?> l ? l : List.of();
        if (!grants.isEmpty()) {
            out.put("policy", policy(name, accountId, grants, target, context));
        }
        if (a.get("cors") != null) {
            out.put("cors", a.get("cors"));
        }
        out.put("encryption", a.get("encryption") != null ? a.get("encryption") : DEFAULT_ENCRYPTION);
        out.put("versioning", Trees.flag(a, "versioning", false));
        out.put("publicAccessBlock", a.get("publicAccessBlock") != null ? a.get("publicAccessBlock") : true);
        return out;
    }

    private static Map<String, Object> stringMap(Map<String, Object> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /**
     * A least-privilege bucket policy in S3's own JSON shape: one pair of statements per grant, object actions
     * on {@code arn:aws:s3:::NAME/PREFIX*} and listing on the bucket. {@code read} may get and list,
     * {@code write} may put and list, {@code read-write} both.
     */
    private static Map<String, Object> policy(String bucket, String bucketAccountId, List<?> grants,
                                              LocalTarget target, PlanContext context) throws TargetException {
        List<Object> statements = new ArrayList<>();
        for (Object g : grants) {
            if (!(g instanceof Map<?, ?> grant)) {
                continue;
            }
            String role = String.valueOf(grant.get("role"));
            String access = String.valueOf(grant.get("access"));
            String principal = principal(role, bucketAccountId, target, context);
            Object prefix = grant.get("prefix");
            String keys = "arn:aws:s3:::" + bucket + "/" + (prefix == null ? "" : prefix) + "*";
            String sid = access.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + access.substring(1)
                    + "-" + role.replaceAll("[^A-Za-z0-9]", "");
            List<String> objectActions = new ArrayList<>();
            if (access.contains("read")) {
                objectActions.addAll(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"));
            }
            if (access.contains("write")) {
                objectActions.addAll(List.of("s3:PutObject", "s3:AbortMultipartUpload"));
            }
            statements.add(statement(sid + "Objects", principal, objectActions, keys));
            statements.add(statement(sid + "List", principal, List.of("s3:ListBucket", "s3:GetBucketLocation"),
                    "arn:aws:s3:::" + bucket));
        }
        return Map.of("Version", "2012-10-17", "Statement", statements);
    }

    private static Map<String, Object> statement(String sid, String principal, List<String> actions,
                                                 String resource) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Principal", Map.of("AWS", principal));
        s.put("Action", actions);
        s.put("Resource", resource);
        return s;
    }

    /** {@code usecase/DDASageMakerExecutionRole} → that account's role ARN; a bare name is in the bucket's account. */
    private static String principal(String role, String bucketAccountId, LocalTarget target, PlanContext context)
            throws TargetException {
        int slash = role.indexOf('/');
        if (role.startsWith("arn:")) {
            return role;
        }
        String accountId = slash < 0 ? bucketAccountId : target.accountId(role.substring(0, slash), context);
        return "arn:aws:iam::" + accountId + ":role/" + role.substring(slash + 1);
    }
}
