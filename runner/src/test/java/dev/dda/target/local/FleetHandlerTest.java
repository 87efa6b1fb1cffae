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
        return named(f, "line", devices);
    }

    private static Resource named(LocalFixture f, String name, String... devices) {
        return f.resource("fleet." + name, Map.of("thingGroup", "dda-" + name, "devices", List.of(devices)));
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

    @Test
    void plan_whenTheFleetIsRenamed_takesTheDeviceOverInsteadOfAdoptingWhatTheOldOneRemoves() throws Exception {
        LocalFixture f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        Resource old = named(f, "line-1", "station-1");
        f.apply(old);
        Resource renamed = named(f, "line-2", "station-1");

        Change c = f.plan(renamed);

        // a NOOP here would be adopted as it is, and the old fleet's delete would then remove the device
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reasons()).containsExactly("take device station-1 over from fleet.line-1 once that fleet's"
                + " changes in this plan are done");
        f.delete(old);
        f.apply(renamed);
        assertThat(tmp.resolve("root/devices/station-1/" + FleetHandler.OWNER_FILE)).hasContent("line-2");
        assertThat(f.plan(renamed).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void delete_whenAnotherFleetHasTakenTheDeviceOver_leavesIt() throws Exception {
        LocalFixture f = new LocalFixture(tmp.resolve("root"), tmp.resolve("spec"));
        Resource old = named(f, "line-1", "station-1");
        f.apply(old);
        f.apply(named(f, "line-2", "station-1"));

        f.delete(old);

        assertThat(tmp.resolve("root/devices/station-1")).isDirectory();
    }
}
