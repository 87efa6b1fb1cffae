package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.target.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLogsTest {
    @TempDir
    Path root;

    @BeforeEach
    void aDeviceWithTwoComponents() throws Exception {
        Path logs = Files.createDirectories(root.resolve("devices/station-1/logs"));
        Files.writeString(logs.resolve("dda.EdgeService.log"), "live\n");
        Files.writeString(logs.resolve("com.example.model.log"), "loaded\n");
    }

    @Test
    void of_whenDeviceExists_givesEachComponentsLogByName() throws Exception {
        assertThat(LocalLogs.of(root, "station-1", null)).containsOnlyKeys("com.example.model", "dda.EdgeService");
        assertThat(LocalLogs.of(root, "station-1", "dda.EdgeService"))
                .containsEntry("dda.EdgeService", root.resolve("devices/station-1/logs/dda.EdgeService.log"));
    }

    @Test
    void of_whenDeviceOrComponentIsUnknown_namesTheOnesThereAre() {
        assertThatThrownBy(() -> LocalLogs.of(root, "station-2", null)).isInstanceOf(TargetException.class)
                .hasMessageContaining("no local device station-2").hasMessageContaining("(there are station-1)");
        assertThatThrownBy(() -> LocalLogs.of(root, "station-1", "dda.Other"))
                .hasMessageContaining("has no log of component dda.Other (it has com.example.model, dda.EdgeService)");
        assertThatThrownBy(() -> LocalLogs.of(root, "../station-1", null)).hasMessageContaining("not a thing name");
    }
}
