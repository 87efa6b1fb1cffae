package dev.dda.target.local;

import dev.dda.graph.Address;
import dev.dda.manifest.S3Uri;
import dev.dda.spec.LoadedSpec;
import dev.dda.state.LeaseLock;
import dev.dda.state.StateStore;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded target: everything lives in folders under one root.
 *
 * <pre>
 * ROOT/state/PIPELINE.json                                 state (and PIPELINE.lock, the lease)
 * ROOT/accounts/ID/.account.json                           an account namespace (never a secret)
 * ROOT/accounts/ID/buckets/NAME/.bucket.json               a bucket's metadata: tags, policy, CORS, …
 * ROOT/accounts/ID/buckets/NAME/objects/KEY                its objects; s3://NAME/KEY maps here
 * </pre>
 */
public final class LocalTarget implements Target {
    public static final String NAME = "local";

    private final Path root;
    private final LoadedSpec spec;
    private final StateStore stateStore;
    private final LeaseLock lock;
    private final Map<String, ResourceHandler> handlers;
    private final Map<String, String> env;

    public LocalTarget(Path root, LoadedSpec spec, StateStore stateStore, LeaseLock lock) {
        this(root, spec, stateStore, lock, Map.of());
    }

    /** @param env the process environment from {@link dev.dda.target.TargetOptions}, for handlers that need it */
    public LocalTarget(Path root, LoadedSpec spec, StateStore stateStore, LeaseLock lock, Map<String, String> env) {
        this.root = root.toAbsolutePath().normalize();
        this.spec = spec;
        this.env = Map.copyOf(env);
        this.stateStore = stateStore;
        this.lock = lock;
        this.handlers = Map.copyOf(LocalHandlers.all(this));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<ResourceHandler> handler(String kind) {
        return Optional.ofNullable(handlers.get(kind));
    }

    @Override
    public StateStore stateStore() {
        return stateStore;
    }

    @Override
    public LeaseLock lock() {
        return lock;
    }

    public Path root() {
        return root;
    }

    public LoadedSpec spec() {
        return spec;
    }

    public Map<String, String> env() {
        return env;
    }

    public static Path stateFile(Path root, String pipeline) {
        return root.resolve("state").resolve(pipeline + ".json");
    }

    public static Path lockFile(Path root, String pipeline) {
        return root.resolve("state").resolve(pipeline + ".lock");
    }

    public Path accountDir(String accountId) {
        return root.resolve("accounts").resolve(safeSegment(accountId, "account id"));
    }

    public Path bucketDir(String accountId, String bucketName) {
        return accountDir(accountId).resolve("buckets").resolve(safeSegment(bucketName, "bucket name"));
    }

    public static Path objectsDir(Path bucketDir) {
        return bucketDir.resolve("objects");
    }

    /**
     * The local file behind {@code s3://BUCKET/KEY}. Bucket names are global in S3, so the bucket is looked for
     * in every account; empty when no local bucket has that name.
     */
    public Optional<Path> objectPath(S3Uri uri) throws TargetException {
        Path accounts = root.resolve("accounts");
        if (!Files.isDirectory(accounts)) {
            return Optional.empty();
        }
        try (var list = Files.list(accounts)) {
            return list.map(a -> a.resolve("buckets").resolve(uri.bucket()))
                    .filter(Files::isDirectory)
                    .findFirst()
                    .map(b -> objectsDir(b).resolve(uri.key()).normalize());
        } catch (java.io.IOException e) {
            throw new TargetException("cannot read " + accounts + ": " + e.getMessage(), e);
        }
    }

    /**
     * The account id behind an account's name in the spec ({@code accounts.NAME.id}); falls back to what the
     * account resource reported when it was applied.
     */
    public String accountId(String accountName, PlanContext context) throws TargetException {
        Object id = specValue("accounts", accountName, "id");
        if (id == null && context != null) {
            id = context.outputsOf(Address.of("account", accountName)).get("id");
        }
        if (id == null) {
            throw new TargetException("account '" + accountName + "' is not declared under accounts: in the spec");
        }
        return String.valueOf(id);
    }

    /** Where a bucket (by its resource name in the spec) lives locally. */
    public BucketRef bucket(String bucketResource, PlanContext context) throws TargetException {
        Object name = specValue("buckets", bucketResource, "name");
        Object account = specValue("buckets", bucketResource, "account");
        if (name != null && account != null) {
            String accountId = accountId(String.valueOf(account), context);
            return new BucketRef(bucketResource, String.valueOf(name), accountId,
                    bucketDir(accountId, String.valueOf(name)));
        }
        Map<String, Object> out = context == null ? Map.of()
                : context.outputsOf(Address.of("bucket", bucketResource));
        if (out.get("name") != null && out.get("accountId") != null) {
            String accountId = String.valueOf(out.get("accountId"));
            String n = String.valueOf(out.get("name"));
            return new BucketRef(bucketResource, n, accountId, bucketDir(accountId, n));
        }
        throw new TargetException("bucket '" + bucketResource + "' is not declared under buckets: in the spec");
    }

    /** A field of a named entry in a spec section ({@code datasets.alien.prefix}), or null. */
    Object specValue(String section, String name, String field) {
        if (spec == null) {
            return null;
        }
        return Trees.map(Trees.map(spec.document(), section), name).get(field);
    }

    /** Names become folder names: refuse anything that could leave the root. */
    private static String safeSegment(String s, String what) {
        if (s == null || s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\")) {
            throw new IllegalArgumentException(what + " '" + s + "' cannot be used as a folder name");
        }
        return s;
    }

    /**
     * A bucket as the local target sees it.
     *
     * @param resource its resource name in the spec ({@code data} in {@code bucket.data})
     * @param name its S3-style name ({@code dda-alien-bucket})
     */
    public record BucketRef(String resource, String name, String accountId, Path dir) {
        public Path objects() {
            return objectsDir(dir);
        }

        public Path metadataFile() {
            return dir.resolve(".bucket.json");
        }

        /** The folder of a key prefix such as {@code datasets/alien/}. */
        public Path prefixDir(String prefix) {
            Path p = objects().resolve(prefix == null ? "" : prefix).normalize();
            if (!p.startsWith(objects())) {
                throw new IllegalArgumentException("prefix '" + prefix + "' leaves the bucket");
            }
            return p;
        }

        public S3Uri uri(String key) {
            return S3Uri.of(name, key);
        }
    }
}
