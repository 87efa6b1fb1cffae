package dev.dda.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A compile target of the spec and what it means on a device: the Greengrass platform a recipe manifest selects
 * and the TensorFlow Java native build ({@code tensorflow-core-native} classifier) the edge service needs there.
 * The GPU variant is told apart from the CPU one by a custom platform attribute {@code accelerator: nvidia}, which
 * a GPU device declares through the nucleus' {@code platformOverride}; its manifest comes first, because Greengrass
 * takes the first manifest that matches.
 */
public enum CompileTarget {
    X86_64_GPU("x86_64-gpu", "linux", "amd64", "nvidia", "linux-x86_64-gpu"),
    X86_64_CPU("x86_64-cpu", "linux", "amd64", null, "linux-x86_64"),
    ARM64_CPU("arm64-cpu", "linux", "aarch64", null, "linux-arm64");

    private final String id;
    private final String os;
    private final String architecture;
    private final String accelerator;
    private final String nativeClassifier;

    CompileTarget(String id, String os, String architecture, String accelerator, String nativeClassifier) {
        this.id = id;
        this.os = os;
        this.architecture = architecture;
        this.accelerator = accelerator;
        this.nativeClassifier = nativeClassifier;
    }

    public String id() {
        return id;
    }

    public String os() {
        return os;
    }

    /** Greengrass' name of the architecture: {@code amd64}, {@code aarch64}. */
    public String architecture() {
        return architecture;
    }

    /** {@code nvidia} for the GPU variant, else null. */
    public String accelerator() {
        return accelerator;
    }

    public String nativeClassifier() {
        return nativeClassifier;
    }

    public static Optional<CompileTarget> find(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static CompileTarget parse(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown compile target '" + id
                + "'; expected one of " + Arrays.stream(values()).map(CompileTarget::id)
                .collect(Collectors.joining(", "))));
    }

    /** The CPU target of the machine dda runs on (the only one a local device can run). */
    public static CompileTarget host() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> X86_64_CPU;
            case "aarch64", "arm64" -> ARM64_CPU;
            default -> throw new IllegalStateException("this machine's architecture '" + arch
                    + "' has no TensorFlow Java native build; supported: x86_64, aarch64");
        };
    }

    /** Greengrass' architecture name of this machine. */
    public static String hostArchitecture() {
        return host().architecture();
    }
}
