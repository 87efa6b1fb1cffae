package dev.dda.edge.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Model packages that arrive as ZIP files in the repository folder, the way dda's packager writes them (and the
 * output bucket holds them): every entry under one {@code NAME/VERSION/}. TensorFlow loads a SavedModel from a
 * folder only, so a zipped package is unpacked before it is opened, and the unpacked copy is verified like any
 * other package (every file against the manifest's SHA-256).
 *
 * <p>A ZIP is read as untrusted: an entry that would land outside its package (absolute, {@code ..}, a
 * backslash), more than {@link #MAX_ENTRIES} entries or more than {@link #MAX_UNPACKED_BYTES} unpacked (counted
 * as written, whatever the headers claim) is refused, and nothing of it is left behind.
 */
final class ZippedPackages {
    static final int MAX_ENTRIES = 10_000;
    static final long MAX_UNPACKED_BYTES = 2L << 30;
    private static final String SUFFIX = ".zip";

    /** A ZIP that holds one package. */
    record Zipped(String name, String version, Path zip) {}

    /** A ZIP in the repository that is not a package, and why. */
    record Skipped(Path zip, String reason) {}

    /** The ZIPs of a repository folder: {@code packages} by name, then version. */
    record Index(TreeMap<String, TreeMap<String, Zipped>> packages, List<Skipped> skipped) {}

    private ZippedPackages() {}

    /** Reads the central directory of every visible {@code *.zip} directly in {@code root}. */
    static Index scan(Path root) throws IOException {
        TreeMap<String, TreeMap<String, Zipped>> packages = new TreeMap<>();
        List<Skipped> skipped = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new Index(packages, skipped);
        }
        List<Path> zips;
        try (Stream<Path> s = Files.list(root)) {
            zips = s.filter(p -> isZipName(p.getFileName().toString()) && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path zip : zips) {
            try {
                Zipped z = describe(zip);
                Zipped earlier = packages.computeIfAbsent(z.name(), n -> new TreeMap<>()).putIfAbsent(z.version(), z);
                if (earlier != null) {
                    skipped.add(new Skipped(zip, "holds " + z.name() + "/" + z.version() + ", which "
                            + earlier.zip().getFileName() + " already provides"));
                }
            } catch (ModelPackageException e) {
                skipped.add(new Skipped(zip, e.getMessage()));
            }
        }
        return new Index(packages, skipped);
    }

    private static boolean isZipName(String fileName) {
        return !fileName.startsWith(".") && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(SUFFIX);
    }

    /** The package a ZIP holds, from its central directory alone, every entry name checked. */
    static Zipped describe(Path zip) throws ModelPackageException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > MAX_ENTRIES) {
                throw new ModelPackageException("has " + file.size() + " entries; a model package has at most "
                        + MAX_ENTRIES);
            }
            String prefix = null;
            boolean manifest = false;
            for (Enumeration<? extends ZipEntry> en = file.entries(); en.hasMoreElements(); ) {
                String entry = en.nextElement().getName();
                String[] parts = safeParts(entry);
                if (parts.length < 3 && !(parts.length == 2 && entry.endsWith("/"))) {
                    throw new ModelPackageException("entry '" + entry + "' is not under NAME/VERSION/; a zipped"
                            + " package holds NAME/VERSION/manifest.json and NAME/VERSION/saved_model/ (as dda's"
                            + " packager writes it)");
                }
                String own = parts[0] + "/" + parts[1] + "/";
                if (prefix != null && !prefix.equals(own)) {
                    throw new ModelPackageException("holds more than one package (" + prefix + " and " + own
                            + "); zip each NAME/VERSION/ on its own");
                }
                prefix = own;
                manifest |= entry.equals(own + ModelManifest.FILE_NAME);
            }
            if (prefix == null || !manifest) {
                throw new ModelPackageException("holds no NAME/VERSION/" + ModelManifest.FILE_NAME);
            }
            String[] nameVersion = prefix.split("/");
            return new Zipped(nameVersion[0], nameVersion[1], zip);
        } catch (IOException e) {
            throw new ModelPackageException("is not a readable ZIP file: " + e.getMessage(), e);
        }
    }

    /** The entry's path segments, refused when any would step outside the package or name it oddly. */
    private static String[] safeParts(String entry) throws ModelPackageException {
        if (entry.startsWith("/") || entry.contains("\\") || entry.contains("\0")) {
            throw new ModelPackageException("entry '" + entry + "' is an absolute or Windows path");
        }
        String[] parts = entry.split("/");
        for (int i = 0; i < parts.length; i++) {
            boolean nameOrVersion = i < 2;
            if (parts[i].isEmpty() || parts[i].equals(".") || parts[i].equals("..")
                    || (nameOrVersion && !ModelRepository.validSegment(parts[i]))) {
                throw new ModelPackageException("entry '" + entry + "' has a path segment '" + parts[i] + "' that"
                        + " a package may not have" + (nameOrVersion ? " (names and versions are letters, digits,"
                        + " '.', '_' and '-')" : ""));
            }
        }
        return parts;
    }

    /**
     * Unpacks {@code z} into {@code into}/NAME/VERSION (staged beside it, renamed when complete), unless an earlier
     * call did; returns that folder.
     */
    static Path unpack(Zipped z, Path into) throws ModelPackageException {
        return unpack(z, into, MAX_UNPACKED_BYTES);
    }

    static Path unpack(Zipped z, Path into, long maxBytes) throws ModelPackageException {
        Path dir = into.resolve(z.name()).resolve(z.version());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path staging = into.resolve("." + z.name() + "-" + z.version() + ".staging");
        try {
            Folders.deleteTree(staging);
            Files.createDirectories(staging);
            extract(z, staging, maxBytes);
            Files.createDirectories(dir.getParent());
            Files.move(staging.resolve(z.name()).resolve(z.version()), dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new ModelPackageException(z.zip() + ": cannot unpack into " + into + ": " + e.getMessage(), e);
        } finally {
            Folders.deleteQuietly(staging);
        }
    }

    private static void extract(Zipped z, Path staging, long maxBytes) throws IOException, ModelPackageException {
        long total = 0;
        byte[] buf = new byte[64 << 10];
        try (ZipFile file = new ZipFile(z.zip().toFile())) {
            for (Enumeration<? extends ZipEntry> en = file.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                safeParts(e.getName()); // the ZIP may have changed since it was described
                Path target = staging.resolve(e.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new ModelPackageException(z.zip() + ": entry '" + e.getName() + "' leaves the package");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > maxBytes) {
                            throw new ModelPackageException(z.zip() + ": unpacks to more than " + maxBytes
                                    + " bytes; a model package is at most that");
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
        }
    }
}
