package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.DatasetDeletions;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import dev.dda.train.DatasetImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code dataset.NAME}: a prefix in a bucket, optionally synced from a local folder. Content-hashed: one paginated
 * listing gives every object's ETag, compared with the ETag each local file will have, so unchanged files are
 * never uploaded. Changed files upload in parallel (multipart above 8 MiB, the SHA-256 kept as metadata). Objects
 * with no local file are deleted only when the spec says {@code deletions: delete}.
 */
final class DatasetHandler extends AwsHandler {
    static final String SHA_METADATA = "dda-sha256";
    private static final int PARALLEL = 8;

    DatasetHandler(AwsClients clients) {
        super(clients);
    }

    private record Where(String account, String bucket, String prefix) {
        String uri() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    private Where where(Resource r) {
        AwsConfig.BucketRef b = config().bucket(Attrs.required(r.attributes(), "bucket", r.address()));
        String prefix = Attrs.str(r.attributes(), "prefix", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new Where(b.account(), b.name(), prefix);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Where w = where(desired);
        Map<String, String> remote;
        try {
            remote = list(clients.s3(w.account()), w);
        } catch (SdkException e) {
            if (isCode(e, "NoSuchBucket") || status(e) == 404) {
                return Observation.absent();
            }
            throw failure("listing " + w.uri(), e);
        }
        Map<String, LocalFile> local = localFiles(desired, context.specDirectory());
        Map<String, Object> files = new TreeMap<>();
        remote.forEach((rel, etag) -> {
            LocalFile f = local.get(rel);
            files.put(rel, f != null && f.etag().equals(etag) ? f.sha256() : "etag:" + etag);
        });
        return new Observation(remote.isEmpty() ? Observation.Presence.ABSENT : Observation.Presence.PRESENT,
                Map.of("uri", w.uri(), "files", files), "");
    }

    /** relpath → ETag (quotes removed) of every object under the prefix; ListObjectsV2 pages of 1,000. */
    static Map<String, String> list(S3Client s3, Where w) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(w.bucket()).prefix(w.prefix())).contents()) {
            out.put(o.key().substring(w.prefix().length()), o.eTag().replace("\"", ""));
        }
        return out;
    }

    /** The files to sync: the source folder's regular files (hidden ones skipped), keyed by relative path. */
    static Map<String, LocalFile> localFiles(Resource r, Path specDirectory) throws TargetException {
        String source = Attrs.str(r.attributes(), "source");
        Map<String, LocalFile> out = new TreeMap<>();
        if (source == null) {
            return out;
        }
        Path root = specDirectory.resolve(source).normalize();
        if (!Files.isDirectory(root)) {
            throw new TargetException(r.address() + ": source " + source + " (" + root + ") is not a folder");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".") && !rel.contains("/.")) {
                    out.put(rel, LocalFile.of(rel, p));
                }
            }
        } catch (IOException e) {
            throw new TargetException(r.address() + ": reading " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, Object> want = wanted(desired, context.specDirectory());
        Map<String, Object> have = (Map<String, Object>) actual.attributes().getOrDefault("files", Map.of());
        int add = 0;
        int changed = 0;
        for (Map.Entry<String, Object> e : want.entrySet()) {
            Object h = have.get(e.getKey());
            if (h == null) {
                add++;
            } else if (!h.equals(e.getValue())) {
                changed++;
            }
        }
        long extra = have.keySet().stream().filter(k -> !want.containsKey(k)).count();
        boolean deletions = DatasetDeletions.deletesRemoved(desired.attributes());
        List<String> reasons = new ArrayList<>();
        if (add > 0) {
            reasons.add(add + " new file(s) to upload");
        }
        if (changed > 0) {
            reasons.add(changed + " changed file(s) to upload");
        }
        SortedSet<String> leftKept = DatasetDeletions.leftTheSourceButKept(desired.attributes(), prior, want.keySet());
        if (!leftKept.isEmpty()) {
            reasons.add(0, DatasetDeletions.leftButKept(leftKept));
        }
        if (deletions && extra > 0) {
            reasons.add(extra + " object(s) not in the source will be deleted");
        } else if (extra > leftKept.size()) { // older kept objects, not only those just left
            reasons.add(DatasetDeletions.kept(extra));
        }
        boolean work = add + changed > 0 || deletions && extra > 0 || !leftKept.isEmpty();
        Action action = !work ? (prior.isEmpty() ? Action.CREATE : Action.NOOP)
                : actual.exists() || prior.isPresent() ? Action.UPDATE : Action.CREATE;
        if (!work && prior.isEmpty()) {
            reasons.add("every file is already there; recording it");
        }
        return change(desired, action, reasons, prior, context);
    }

    /** The desired relpath → sha256: the engine's computed {@code files}, else hashed here from the source. */
    private static Map<String, Object> wanted(Resource r, Path specDirectory) {
        Map<String, Object> files = new TreeMap<>(Attrs.map(r.attributes(), "files"));
        if (files.isEmpty() && r.attributes().get("source") != null) {
            try {
                localFiles(r, specDirectory).forEach((rel, f) -> files.put(rel, f.sha256()));
            } catch (TargetException e) {
                // observe already reported an unreadable source; plan with what is known
            }
        }
        return files;
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Where w = where(desired);
        S3Client s3 = clients.s3(w.account());
        Map<String, LocalFile> local = localFiles(desired, context.specDirectory());
        Map<String, String> remote;
        try {
            remote = list(s3, w);
        } catch (SdkException e) {
            throw failure("listing " + w.uri(), e);
        }
        List<LocalFile> upload = local.values().stream().filter(f -> !f.etag().equals(remote.get(f.relpath())))
                .toList();
        Optional<String> damaged = DatasetImages.damaged(upload.stream().map(LocalFile::path).toList());
        if (damaged.isPresent()) {
            throw new TargetException(desired.address() + ": " + damaged.get());
        }
        context.progress().report(desired.address(), upload.size() + " of " + local.size() + " file(s) to upload");
        uploadAll(s3, w, upload);
        List<String> extra = remote.keySet().stream().filter(k -> !local.containsKey(k)).toList();
        int deleted = 0;
        if (DatasetDeletions.deletesRemoved(desired.attributes()) && !extra.isEmpty()) {
            deleted = deleteAll(s3, w, extra);
        }
        return new ApplyOutcome.Done(outputs("uri", w.uri(), "bucket", w.bucket(), "prefix", w.prefix(), "account", w.account(),
                "objects", local.size() + (extra.size() - deleted), "uploaded", upload.size(), "deleted", deleted));
    }

    private void uploadAll(S3Client s3, Where w, List<LocalFile> files) throws TargetException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LocalFile f : files) {
                futures.add(pool.submit(() -> {
                    upload(s3, w, f);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SdkException s ? failure("uploading to " + w.uri(), s)
                    : new TargetException("uploading to " + w.uri() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while uploading to " + w.uri(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    static void upload(S3Client s3, Where w, LocalFile f) throws IOException {
        String key = w.prefix() + f.relpath();
        String type = contentType(f.relpath());
        Map<String, String> meta = Map.of(SHA_METADATA, f.sha256());
        if (!f.multipart()) {
            s3.putObject(b -> b.bucket(w.bucket()).key(key).contentType(type).metadata(meta),
                    RequestBody.fromFile(f.path()));
            return;
        }
        String id = s3.createMultipartUpload(b -> b.bucket(w.bucket()).key(key).contentType(type).metadata(meta))
                .uploadId();
        try (InputStream in = Files.newInputStream(f.path())) {
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = 1; ; n++) {
                byte[] chunk = in.readNBytes((int) LocalFile.PART_SIZE);
                if (chunk.length == 0) {
                    break;
                }
                int number = n;
                String etag = s3.uploadPart(b -> b.bucket(w.bucket()).key(key).uploadId(id).partNumber(number),
                        RequestBody.fromBytes(chunk)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(w.bucket()).key(key).uploadId(id)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(w.bucket()).key(key).uploadId(id));
            throw e;
        }
    }

    private static int deleteAll(S3Client s3, Where w, List<String> relpaths) throws TargetException {
        try {
            for (int i = 0; i < relpaths.size(); i += 1000) {
                List<ObjectIdentifier> ids = relpaths.subList(i, Math.min(relpaths.size(), i + 1000)).stream()
                        .map(r -> ObjectIdentifier.builder().key(w.prefix() + r).build()).toList();
                s3.deleteObjects(b -> b.bucket(w.bucket()).delete(d -> d.objects(ids).quiet(true)));
            }
            return relpaths.size();
        } catch (SdkException e) {
            throw failure("deleting from " + w.uri(), e);
        }
    }

    static String contentType(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".json")) {
            return "application/json";
        }
        if (n.endsWith(".manifest") || n.endsWith(".jsonl")) {
            return "application/x-ndjson";
        }
        return "application/octet-stream";
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) {
        // a dataset's objects are data: dda never deletes them when the dataset leaves the spec
    }
}
