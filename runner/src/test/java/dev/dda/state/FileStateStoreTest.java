package dev.dda.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
    @TempDir
    Path dir;

    private static ResourceState entry(String address) {
        return new ResourceState(Address.parse(address), ResourceState.Status.APPLIED, "sha256:abc",
                Map.of("name", "x", "tags", Map.of("a", "b"), "list", List.of(1, 2)), Map.of("id", "42"), null,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void load_whenNoFile_isEmpty() throws Exception {
        assertThat(new FileStateStore(dir.resolve("state.json")).load()).isEmpty();
    }

    @Test
    void save_thenLoad_roundTripsEveryField() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state.json"));
        State s = State.empty("p").with(entry("bucket.data"));
        store.save(s);

        State loaded = store.load().orElseThrow();
        assertThat(loaded.lineage()).isEqualTo(s.lineage());
        assertThat(loaded.serial()).isEqualTo(1);
        assertThat(loaded.get(Address.parse("bucket.data")).orElseThrow()).isEqualTo(s.get(
                Address.parse("bucket.data")).orElseThrow());
    }

    @Test
    void save_whenSomeoneWroteInBetween_throwsStaleStateException() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state.json"));
        State base = State.empty("p").with(entry("bucket.a"));
        store.save(base);
        store.save(base.with(entry("bucket.b")));

        assertThatThrownBy(() -> store.save(base.with(entry("bucket.c")))).isInstanceOf(StaleStateException.class)
                .hasMessageContaining("serial 2").hasMessageContaining("expected 1");
    }

    @Test
    void save_whenLineageDiffers_throwsStaleStateException() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state.json"));
        store.save(State.empty("p").with(entry("bucket.a")));
        State other = State.empty("p").with(entry("bucket.a")).with(entry("bucket.b"));

        assertThatThrownBy(() -> store.save(other)).isInstanceOf(StaleStateException.class)
                .hasMessageContaining("another lineage");
    }

    @Test
    void save_keepsThePreviousVersionAsBackupAndLeavesNoTempFiles() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state.json"));
        State one = State.empty("p").with(entry("bucket.a"));
        store.save(one);
        store.save(one.with(entry("bucket.b")));

        State backup = new FileStateStore(store.backupFile()).load().orElseThrow();
        assertThat(backup.serial()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json",
                    "state.json.backup");
        }
    }

    @Test
    void load_whenFileIsCorrupt_saysWhereTheBackupIs() throws Exception {
        Path f = dir.resolve("state.json");
        Files.writeString(f, "{ not json");
        assertThatThrownBy(() -> new FileStateStore(f).load()).hasMessageContaining(f + ":1:3: not valid JSON")
                .hasMessageContaining("the previous version is in " + f + ".backup");
    }
}
