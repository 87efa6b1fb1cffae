package dev.dda.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetHandlerTest {
    @TempDir
    Path tmp;

    private static Resource fleet(LocalFixture f, String... devices) {
        return f.resource("fleet.line", Map.of("thingGroup", "dda-line", "devices", List.of(devices)));
    }

    @Test
    void plan_whenADeviceIsAdded_differsInTheDevicesAlone() throws Exception {
        LocalFixture f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        f.apply(fleet(f, "station-1"));

        Change c = f.plan(fleet(f, "station-1", "station-2"));

        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reasons()).singleElement().asString().startsWith("add device station-2");
        // the view prints every key that differs: thingGroup and the devices root must not look removed
        Map<String, Object> before = new HashMap<>(c.before());
        Map<String, Object> after = new HashMap<>(c.after());
        assertThat(before.remove("devices")).isEqualTo(List.of("station-1"));
        assertThat(after.remove("devices")).isEqualTo(List.of("station-1", "station-2"));
        assertThat(before).isEqualTo(after).containsKeys("thingGroup", "devicesRoot");
    }

    @Test
    void apply_whenADeviceIsRemoved_removesItsFolder() throws Exception {
        LocalFixture f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        f.apply(fleet(f, "station-1", "station-2"));
        assertThat(tmp.resolve("root/devices/station-2")).isDirectory();

        Change c = f.plan(fleet(f, "station-1"));
        assertThat(c.reasons()).containsExactly("remove device station-2: stops what runs on it");
        f.apply(fleet(f, "station-1"));

        assertThat(Files.exists(tmp.resolve("root/devices/station-2"))).isFalse();
        assertThat(tmp.resolve("root/devices/station-1")).isDirectory();
    }
}
