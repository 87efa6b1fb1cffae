package dev.dda.target.local;

import dev.dda.target.TargetException;
import dev.dda.target.local.device.LocalDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The component logs of a local device, kept as Greengrass keeps them on a core device: one {@code COMPONENT.log}
 * per component. What {@code dda logs --device} reads on the local target instead of CloudWatch Logs.
 */
public final class LocalLogs {
    private LocalLogs() {}

    /** The log files of {@code device} (all its components', or {@code component}'s), by component name. */
    public static Map<String, Path> of(Path root, String device, String component) throws TargetException {
        if (!LocalDevice.isThingName(device)) {
            throw new TargetException("device " + device + " is not a thing name (letters, digits, ':', '_', '-')");
        }
        Path devices = Packaging.devicesRoot(root);
        Path logs = LocalDevice.logs(devices.resolve(device));
        if (!Files.isDirectory(logs)) {
            throw new TargetException("no local device " + device + " under " + devices + names(devices, "")
                    + "; a deployment creates it");
        }
        Map<String, Path> files = new TreeMap<>();
        for (String name : list(logs, LocalDevice.LOG_SUFFIX)) {
            files.put(name, logs.resolve(name + LocalDevice.LOG_SUFFIX));
        }
        if (component == null) {
            return files;
        }
        if (!files.containsKey(component)) {
            throw new TargetException("device " + device + " has no log of component " + component
                    + " (it has " + String.join(", ", files.keySet()) + ")");
        }
        return Map.of(component, files.get(component));
    }

    private static String names(Path dir, String suffix) throws TargetException {
        List<String> names = list(dir, suffix);
        return names.isEmpty() ? "" : " (there are " + String.join(", ", names) + ")";
    }

    /** Entry names in {@code dir} that end with {@code suffix}, without it, sorted; none when it does not exist. */
    private static List<String> list(Path dir, String suffix) throws TargetException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        } catch (IOException e) {
            throw new TargetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
