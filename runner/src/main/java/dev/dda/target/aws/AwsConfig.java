package dev.dda.target.aws;

import dev.dda.spec.LoadedSpec;
import dev.dda.spec.Secret;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the AWS target needs from a spec and the environment: region, endpoint overrides, accounts, where
 * state and lock live, and the session name that shows up in CloudTrail for every assumed role.
 *
 * @param endpoint the endpoint for every service ({@code AWS_ENDPOINT_URL}, else the spec's {@code endpoint}),
 *     or null for the real AWS endpoints
 * @param outputBucket the key of the bucket SageMaker writes to (the first with a {@code write} grant), where
 *     labeling writes its manifests unless it names one; null when no bucket grants write
 * @param serviceEndpoints per-service overrides ({@code AWS_ENDPOINT_URL_<SERVICE>}, e.g.
 *     {@code AWS_ENDPOINT_URL_GREENGRASSV2}), as the AWS SDKs define them
 */
public record AwsConfig(String pipeline, String region, URI endpoint, Map<String, URI> serviceEndpoints,
                        Map<String, AccountRef> accounts, Map<String, BucketRef> buckets, String outputBucket,
                        String fleetAccount, StateLocation state, String sessionName) {

    /** A bucket of the spec by its key: which account holds it and its S3 name. */
    public record BucketRef(String account, String name) {}

    /** Where the state object and the lock table are. */
    public record StateLocation(String account, String bucket, String key, String lockTable) {}

    public AwsConfig {
        accounts = Map.copyOf(accounts);
        buckets = Map.copyOf(buckets);
        serviceEndpoints = Map.copyOf(serviceEndpoints);
    }

    public AccountRef account(String name) {
        AccountRef a = accounts.get(name);
        if (a == null) {
            throw new IllegalArgumentException("account '" + name + "' is not declared in accounts: "
                    + accounts.keySet());
        }
        return a;
    }

    /** The account dda runs in with its own credentials: the first without a role. */
    public Optional<AccountRef> homeAccount() {
        return accounts.values().stream().filter(a -> !a.assumesRole()).findFirst();
    }

    /** The account where Greengrass components and deployments live: the first fleet's, else the home account. */
    public String greengrassAccount() {
        return fleetAccount != null ? fleetAccount : homeAccount().map(AccountRef::name).orElse(null);
    }

    public BucketRef bucket(String key) {
        BucketRef b = buckets.get(key);
        if (b == null) {
            throw new IllegalArgumentException("bucket '" + key + "' is not declared in buckets: " + buckets.keySet());
        }
        return b;
    }

    public Optional<URI> endpointFor(String service) {
        URI specific = serviceEndpoints.get(service.toUpperCase(java.util.Locale.ROOT));
        return Optional.ofNullable(specific != null ? specific : endpoint);
    }

    @SuppressWarnings("unchecked")
    public static AwsConfig from(LoadedSpec spec, Map<String, String> env, String commit) {
        Map<String, Object> doc = spec.document();
        Map<String, AccountRef> accounts = new LinkedHashMap<>();
        Attrs.map(doc, "accounts").forEach((name, v) -> {
            Map<String, Object> a = v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Object ext = a.get("externalId");
            Secret secret = ext instanceof Secret s ? s : ext == null ? null : new Secret(String.valueOf(ext),
                    String.valueOf(ext));
            accounts.put(name, new AccountRef(name, Attrs.str(a, "id"), Attrs.str(a, "role"), secret));
        });
        Map<String, BucketRef> buckets = new LinkedHashMap<>();
        Attrs.map(doc, "buckets").forEach((name, v) -> {
            Map<String, Object> b = v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            buckets.put(name, new BucketRef(Attrs.str(b, "account"), Attrs.str(b, "name")));
        });
        String outputBucket = spec.artifactBucket().orElse(null);
        String fleetAccount = Attrs.map(doc, "fleets").values().stream()
                .map(f -> f instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("account") : null)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        String endpointText = env.getOrDefault("AWS_ENDPOINT_URL", Attrs.str(doc, "endpoint"));
        Map<String, URI> perService = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("AWS_ENDPOINT_URL_") && !v.isBlank()) {
                perService.put(k.substring("AWS_ENDPOINT_URL_".length()), URI.create(v));
            }
        });
        Map<String, Object> awsState = Attrs.map(Attrs.map(doc, "state"), "aws");
        String home = accounts.values().stream().filter(a -> !a.assumesRole()).map(AccountRef::name)
                .findFirst().orElse(accounts.isEmpty() ? null : accounts.keySet().iterator().next());
        String stateAccount = Attrs.str(awsState, "account", home);
        String homeId = stateAccount == null || accounts.get(stateAccount) == null ? "default"
                : accounts.get(stateAccount).id();
        StateLocation state = new StateLocation(stateAccount,
                Attrs.str(awsState, "bucket", "dda-state-" + homeId),
                Attrs.str(awsState, "key", "dda/" + spec.pipeline() + "/state.json"),
                Attrs.str(awsState, "lockTable", "dda-locks"));
        return new AwsConfig(spec.pipeline(), spec.region(),
                endpointText == null || endpointText.isBlank() ? null : URI.create(endpointText), perService,
                accounts, buckets, outputBucket, fleetAccount, state, sessionName(spec.pipeline(), commit));
    }

    /** {@code dda-PIPELINE-COMMIT8}: at most 64 characters of {@code [\w+=,.@-]}, as STS requires. */
    public static String sessionName(String pipeline, String commit) {
        String c = commit == null || commit.isBlank() ? "nocommit" : commit.substring(0, Math.min(8, commit.length()));
        String name = ("dda-" + pipeline).replaceAll("[^\\w+=,.@-]", "-");
        int room = 64 - c.length() - 1;
        return (name.length() > room ? name.substring(0, room) : name) + "-" + c;
    }
}
