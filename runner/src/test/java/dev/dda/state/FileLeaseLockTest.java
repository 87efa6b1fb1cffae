package dev.dda.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLeaseLockTest {
    @TempDir
    Path dir;

    private FileLeaseLock lock(String holder, Instant now) {
        return new FileLeaseLock(dir.resolve("state.lock"), holder, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void acquire_whenHeld_failsAtOnceNamingHolderHostPidAndOperation() throws Exception {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        Lease first = lock("alice", now).acquire("apply", Duration.ofMinutes(5));

        assertThatThrownBy(() -> lock("bob", now).acquire("apply", Duration.ofMinutes(5)))
                .isInstanceOf(LockHeldException.class).isNotInstanceOf(LeaseExpiredException.class)
                .hasMessageContaining("alice@" + first.host()).hasMessageContaining("pid " + first.pid())
                .hasMessageContaining("apply").hasMessageContaining("dda unlock");
    }

    @Test
    void acquire_whenLeaseExpired_stillRefusesAndSaysToRunUnlock() throws Exception {
        Instant then = Instant.parse("2026-01-01T10:00:00Z");
        lock("ci", then).acquire("apply", Duration.ofMinutes(5));

        assertThatThrownBy(() -> lock("bob", then.plus(Duration.ofHours(1))).acquire("apply", Duration.ofMinutes(5)))
                .isInstanceOf(LeaseExpiredException.class).hasMessageContaining("expired at 2026-01-01T10:05:00Z")
                .hasMessageContaining("dda unlock");
    }

    @Test
    void forceRelease_thenAcquire_takesOverAndTheOldHolderCannotRenew() throws Exception {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        FileLeaseLock old = lock("ci", now);
        Lease stale = old.acquire("apply", Duration.ofMinutes(5));
        FileLeaseLock mine = lock("me", now);

        assertThat(mine.forceRelease()).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("ci"));
        Lease taken = mine.acquire("apply", Duration.ofMinutes(5));
        assertThat(mine.current()).contains(taken);
        assertThatThrownBy(() -> old.renew(stale, Duration.ofMinutes(5))).hasMessageContaining("taken over by me@");
        old.release(stale);
        assertThat(mine.current()).contains(taken);
    }

    @Test
    void renew_extendsTheExpiry_andReleaseFreesTheLock() throws Exception {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        FileLeaseLock l = lock("me", now);
        Lease lease = l.acquire("apply", Duration.ofMinutes(1));
        Lease renewed = l.renew(lease, Duration.ofMinutes(10));

        assertThat(renewed.expires()).isEqualTo(now.plus(Duration.ofMinutes(10)));
        l.release(renewed);
        assertThat(l.current()).isEmpty();
        assertThat(l.acquire("apply", Duration.ofMinutes(1)).holder()).isEqualTo("me");
    }

    @Test
    void acquire_whenTheHolderWasKilledOnThisHost_takesTheLeaseOver() throws Exception {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        FileLeaseLock mine = lock("me", now);
        Lease probe = mine.acquire("probe", Duration.ofMinutes(1));
        mine.release(probe);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Lease left = new Lease("killed", "ci", probe.host(), dead.pid(), "apply", now, now.plusSeconds(300));
        java.nio.file.Files.write(dir.resolve("state.lock"), dev.dda.json.Json.mapper().writeValueAsBytes(left));

        Lease taken = mine.acquire("apply", Duration.ofMinutes(5));
        assertThat(taken.holder()).isEqualTo("me");
        assertThat(mine.current()).contains(taken);
    }

    @Test
    void acquire_whenTheHolderRunsOnAnotherHost_neverTakesOver() throws Exception {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        Lease remote = new Lease("remote", "ci", "other-host", 1, "apply", now, now.plusSeconds(300));
        java.nio.file.Files.write(dir.resolve("state.lock"), dev.dda.json.Json.mapper().writeValueAsBytes(remote));

        assertThatThrownBy(() -> lock("me", now).acquire("apply", Duration.ofMinutes(5)))
                .isInstanceOf(LockHeldException.class).hasMessageContaining("ci@other-host");
    }
}
