package dev.dda.edge.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A folder of model packages {@code NAME/VERSION/}, or ZIP files of one such package each (see
 * {@link ZippedPackages}); the newest version of a name is the highest by {@link #VERSION_ORDER}. Where a folder
 * and a ZIP hold the same version, the folder is used.
 */
public final class ModelRepository {
    /** Numeric runs compare as numbers, so 10 &gt; 9 and 1.10.0 &gt; 1.9.0; the rest compares as text. */
    public static final Comparator<String> VERSION_ORDER = ModelRepository::compareVersions;

    private final Path root;
    /** Where zipped packages are unpacked; made on first use, removed at exit. */
    private Path unpacked;

    public ModelRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Model names: folders, and the names zipped packages hold. Hidden folders (staging) are skipped. */
    public List<String> names() throws IOException {
        TreeSet<String> names = new TreeSet<>(visibleDirs(root));
        names.addAll(ZippedPackages.scan(root).packages().keySet());
        return new ArrayList<>(names);
    }

    /** Versions of a model, oldest first. */
    public List<String> versions(String name) throws IOException {
        if (!validSegment(name)) {
            return List.of();
        }
        TreeSet<String> versions = new TreeSet<>(visibleDirs(root.resolve(name)));
        versions.addAll(zippedVersions(name).keySet());
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(VERSION_ORDER);
        return sorted;
    }

    private Map<String, ZippedPackages.Zipped> zippedVersions(String name) throws IOException {
        return ZippedPackages.scan(root).packages().getOrDefault(name, new TreeMap<>());
    }

    /** ZIP files in the repository folder that hold no usable package, each with the reason. */
    public List<String> skippedZips() throws IOException {
        return ZippedPackages.scan(root).skipped().stream().map(s -> s.zip() + ": " + s.reason()).toList();
    }

    public Optional<String> latest(String name) throws IOException {
        List<String> v = versions(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    public Path dir(String name, String version) {
        if (!validSegment(name) || !validSegment(version)) {
            throw new IllegalArgumentException("model name and version must be plain folder names: " + name + "/" + version);
        }
        return root.resolve(name).resolve(version);
    }

    /** Opens and verifies one package, unpacking it first when it is zipped. */
    public ModelPackage open(String name, String version) throws ModelPackageException {
        Path dir = dir(name, version);
        if (Files.isDirectory(dir)) {
            return ModelPackage.open(dir);
        }
        ZippedPackages.Zipped zipped;
        try {
            zipped = zippedVersions(name).get(version);
        } catch (IOException e) {
            throw new ModelPackageException("cannot read repository " + root + ": " + e.getMessage(), e);
        }
        if (zipped == null) {
            throw new ModelPackageException("model " + name + " version " + version + " is not in repository " + root);
        }
        return ModelPackage.open(unpack(zipped));
    }

    /**
     * The ZIP's unpacked folder, one per ZIP file, size and modification time: a ZIP replaced under the same name
     * is unpacked afresh.
     */
    private synchronized Path unpack(ZippedPackages.Zipped z) throws ModelPackageException {
        try {
            if (unpacked == null) {
                Path dir = Files.createTempDirectory("dda-edge-unpacked-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Folders.deleteQuietly(dir)));
                unpacked = dir;
            }
            String key = z.zip().getFileName() + "-" + Files.size(z.zip()) + "-"
                    + Files.getLastModifiedTime(z.zip()).toMillis();
            return ZippedPackages.unpack(z, unpacked.resolve(key));
        } catch (IOException e) {
            throw new ModelPackageException(z.zip() + ": cannot unpack: " + e.getMessage(), e);
        }
    }

    public static boolean validSegment(String s) {
        return s != null && s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    }

    private static List<String> visibleDirs(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(ModelRepository::validSegment).sorted().forEach(out::add);
        }
        return out;
    }

    static int compareVersions(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
