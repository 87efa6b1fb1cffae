package dev.dda.edge.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A folder of model packages {@code NAME/VERSION/}; the newest version of a name is the highest by {@link #VERSION_ORDER}. */
public final class ModelRepository {
    /** Numeric runs compare as numbers, so 10 &gt; 9 and 1.10.0 &gt; 1.9.0; the rest compares as text. */
    public static final Comparator<String> VERSION_ORDER = ModelRepository::compareVersions;

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Model names: folders that hold at least one version folder. Hidden folders (staging) are skipped. */
    public List<String> names() throws IOException {
        return visibleDirs(root);
    }

    /** Versions of a model, oldest first. */
    public List<String> versions(String name) throws IOException {
        Path dir = root.resolve(name);
        if (!validSegment(name) || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> versions = visibleDirs(dir);
        versions.sort(VERSION_ORDER);
        return versions;
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

    /** Opens and verifies one package. */
    public ModelPackage open(String name, String version) throws ModelPackageException {
        Path dir = dir(name, version);
        if (!Files.isDirectory(dir)) {
            throw new ModelPackageException("model " + name + " version " + version + " is not in repository " + root);
        }
        return ModelPackage.open(dir);
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
