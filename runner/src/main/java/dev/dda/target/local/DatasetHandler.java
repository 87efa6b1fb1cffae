package dev.dda.target.local;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.DatasetDeletions;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import dev.dda.train.DatasetImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * {@code dataset.NAME}: the objects under {@code s3://BUCKET/PREFIX}, synced from a source folder by content
 * hash. Unchanged files are not copied; added and changed ones are; objects no longer in the source are deleted
 * only when the spec says {@code deletions: delete}, and otherwise reported as kept.
 */
final class DatasetHandler implements ResourceHandler {
    private static final String FILES = "files";
    private static final String SOURCE_FILES = "sourceFiles";
    private static final int PROGRESS_EVERY = 100;
    private final LocalTarget target;

    DatasetHandler(LocalTarget target) {
        this.target = target;
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Map<String, Object> seen = new LinkedHashMap<>();
        if (!(desired.attributes().get(FILES) instanceof Map) && source(desired, context).isPresent()) {
            seen.put(SOURCE_FILES, hashSource(desired, source(desired, context).get()));
        }
        Path dir = prefixDir(desired, context);
        seen.put("path", dir.toString());
        if (!Files.isDirectory(dir)) {
            return new Observation(Observation.Presence.ABSENT, seen, "");
        }
        seen.put(FILES, hash(dir));
        return new Observation(Observation.Presence.PRESENT, seen, "");
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Optional<Path> dir = LocalFiles.recordedPath(prior).filter(Files::isDirectory);
        return dir.isEmpty() ? Observation.absent() : Observation.present(Map.of(FILES, hash(dir.get())));
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        Map<String, Object> a = desired.attributes();
        SortedMap<String, String> want = desiredFiles(desired, actual);
        SortedMap<String, String> have = FileSetDiff.asHashes(Trees.map(actual.attributes(), FILES));
        boolean deletions = DatasetDeletions.deletesRemoved(a);
        boolean hasSource = a.get("source") != null;
        FileSetDiff d = hasSource ? FileSetDiff.between(want, have) : FileSetDiff.between(have, have);
        // what the prefix holds after apply: with deletions: keep, the kept objects too
        Map<String, Object> after = summary(a, hasSource ? want.size() + (deletions ? 0 : d.deleted().size())
                : have.size(), actual);
        // the same shape as after, so that views show only what differs: the spec as last applied, the objects now
        Map<String, Object> before = actual.exists()
                ? summary(prior.map(ResourceState::attributes).orElse(a), have.size(), actual) : Map.of();

        List<String> reasons = new ArrayList<>();
        String priorPath = prior.flatMap(LocalFiles::recordedPath).map(Path::toString).orElse(null);
        if (priorPath != null && !priorPath.equals(actual.attributes().get("path"))) {
            reasons.add("location moved from " + priorPath + "; objects under the old location are kept");
        }
        if (!actual.exists()) {
            reasons.add(0, (Changes.wasApplied(prior) ? "the dataset's folder was deleted outside dda; " : "")
                    + (hasSource ? d.summary(false) : "no source: an empty prefix is created"));
            return Changes.of(desired, context, Action.CREATE, reasons, before, after);
        }
        boolean copies = !d.toCopy().isEmpty();
        boolean deletes = deletions && !d.deleted().isEmpty();
        SortedSet<String> leftKept = DatasetDeletions.leftTheSourceButKept(a, prior, want.keySet());
        if (copies || deletes) {
            reasons.add(0, d.summary(deletions));
        }
        if (!leftKept.isEmpty()) {
            reasons.add(0, DatasetDeletions.leftButKept(leftKept));
        }
        if (!deletions && d.deleted().size() > leftKept.size()) { // older kept objects, not only those just left
            reasons.add(DatasetDeletions.kept(d.deleted().size()) + ": " + FileSetDiff.names(d.deleted()));
        }
        return Changes.of(desired, context, copies || deletes || !leftKept.isEmpty() ? Action.UPDATE : Action.NOOP,
                reasons, before, after);
    }

    private static Map<String, Object> summary(Map<String, Object> a, int files, Observation actual) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bucket", a.get("bucket"));
        out.put("prefix", a.get("prefix"));
        if (a.get("source") != null) {
            out.put("source", a.get("source"));
        }
        out.put("deletions", DatasetDeletions.deletesRemoved(a) ? "delete" : "keep");
        out.put("files", files);
        out.put("path", String.valueOf(actual.attributes().get("path")));
        return out;
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Path dir = prefixDir(desired, context);
        Optional<Path> source = source(desired, context);
        boolean deletions = DatasetDeletions.deletesRemoved(desired.attributes());
        int copied = 0;
        int deleted = 0;
        try {
            Files.createDirectories(dir);
            LocalFiles.deleteTemporaries(dir); // what a killed apply left half-copied
            SortedMap<String, String> have = hash(dir);
            SortedMap<String, String> want = source.isPresent() ? sourceFiles(desired, source.get()) : have;
            FileSetDiff d = FileSetDiff.between(want, have);
            if (source.isPresent()) {
                refuseDamaged(desired, d.toCopy().stream().map(source.get()::resolve).toList());
            }
            for (String rel : d.toCopy()) {
                copy(desired, source.orElseThrow(), dir, rel, want.get(rel));
                copied++;
                if (copied % PROGRESS_EVERY == 0) {
                    context.progress().report(desired.address(), "copied " + copied + " of " + d.toCopy().size());
                }
            }
            if (deletions) {
                for (String rel : d.deleted()) {
                    Files.deleteIfExists(dir.resolve(rel));
                    LocalFiles.pruneEmptyParents(dir.resolve(rel).getParent(), dir);
                    deleted++;
                }
            }
            Map<String, Object> out = outputs(desired, context, dir);
            out.put("fileCount", want.size() + (deletions ? 0 : d.deleted().size()));
            out.put("copied", copied);
            out.put("deleted", deleted);
            context.progress().report(desired.address(), copied + " copied, " + deleted + " deleted, "
                    + (want.size() - d.toCopy().size()) + " unchanged");
            return new ApplyOutcome.Done(out);
        } catch (IOException e) {
            throw new TargetException(desired.address() + ": cannot sync into " + dir + " (" + copied
                    + " file(s) copied before the error; apply again to continue): " + e.getMessage(), e);
        }
    }

    private static void refuseDamaged(Resource desired, List<Path> toCopy) throws TargetException {
        Optional<String> damaged = DatasetImages.damaged(toCopy);
        if (damaged.isPresent()) {
            throw new TargetException(desired.address() + ": " + damaged.get());
        }
    }

    private static void copy(Resource desired, Path source, Path dir, String rel, String expected)
            throws IOException, TargetException {
        Path from = source.resolve(rel).normalize();
        if (!from.startsWith(source)) {
            throw new TargetException(desired.address() + ": file '" + rel + "' lies outside the source folder");
        }
        if (!Files.isRegularFile(from)) {
            throw new TargetException(desired.address() + ": source file " + from + " is gone since the plan "
                    + "was made; run dda plan again");
        }
        if (!LocalFiles.copyVerified(from, dir.resolve(rel), FileSetDiff.hex(expected))) {
            throw new TargetException(desired.address() + ": source file " + from + " changed since the plan was "
                    + "made (its content no longer matches the planned hash); run dda plan again");
        }
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) {
        return new ApplyOutcome.Done(started.outputs());
    }

    /** Deletes the objects this dataset synced (those listed when it was applied); other objects stay. */
    @Override
    public void delete(ResourceState prior, ApplyContext context) throws TargetException {
        LocalFiles.atRecordedPath(prior, "delete the synced objects under", dir -> {
            for (String rel : Trees.map(prior.attributes(), FILES).keySet()) {
                Path p = dir.resolve(rel).normalize();
                if (p.startsWith(dir) && Files.deleteIfExists(p)) {
                    LocalFiles.pruneEmptyParents(p.getParent(), dir.getParent());
                }
            }
        });
    }

    private Map<String, Object> outputs(Resource desired, PlanContext context, Path dir) throws TargetException {
        LocalTarget.BucketRef b = bucket(desired, context);
        String prefix = prefix(desired);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bucket", b.resource());
        out.put("bucketName", b.name());
        out.put("prefix", prefix);
        out.put("uri", b.uri(prefix).toString());
        out.put("path", dir.toString());
        return out;
    }

    /** The planned hashes when the graph computed them, else the source folder hashed now. */
    private static SortedMap<String, String> sourceFiles(Resource desired, Path source) throws TargetException {
        return desired.attributes().get(FILES) instanceof Map<?, ?>
                ? FileSetDiff.asHashes(Trees.map(desired.attributes(), FILES)) : hashSource(desired, source);
    }

    private static SortedMap<String, String> desiredFiles(Resource desired, Observation actual) {
        Object files = desired.attributes().get(FILES);
        return FileSetDiff.asHashes(files instanceof Map<?, ?>
                ? Trees.map(desired.attributes(), FILES) : Trees.map(actual.attributes(), SOURCE_FILES));
    }

    private LocalTarget.BucketRef bucket(Resource desired, PlanContext context) throws TargetException {
        return target.bucket(Trees.string(desired.attributes(), "bucket"), context);
    }

    private Path prefixDir(Resource desired, PlanContext context) throws TargetException {
        try {
            return bucket(desired, context).prefixDir(prefix(desired));
        } catch (IllegalArgumentException e) {
            throw new TargetException(desired.address() + ": " + e.getMessage());
        }
    }

    static String prefix(Resource desired) {
        String p = Trees.string(desired.attributes(), "prefix");
        return p == null ? "" : p;
    }

    private static Optional<Path> source(Resource desired, PlanContext context) {
        String s = Trees.string(desired.attributes(), "source");
        return s == null ? Optional.empty() : Optional.of(context.specDirectory().resolve(s).toAbsolutePath().normalize());
    }

    private static SortedMap<String, String> hashSource(Resource desired, Path source) throws TargetException {
        if (!Files.isDirectory(source)) {
            throw new TargetException(desired.address() + ": source folder " + source + " does not exist");
        }
        try {
            return LocalFiles.hashTree(source, true);
        } catch (IOException e) {
            throw new TargetException(desired.address() + ": cannot read source folder " + source + ": "
                    + e.getMessage(), e);
        }
    }

    private static SortedMap<String, String> hash(Path dir) throws TargetException {
        try {
            return LocalFiles.hashTree(dir, false);
        } catch (IOException e) {
            throw new TargetException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
