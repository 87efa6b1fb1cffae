package dev.dda.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dda.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A lock file holding the lease as JSON. It is created with CREATE_NEW, which the file system makes atomic: of
 * two processes only one can create it. A second acquire fails at once naming the holder; an expired lease is
 * not taken over silently (see {@link LeaseExpiredException}). One exception: a lease whose holder ran on this
 * host under a pid that no longer runs (a kill -9) is taken over, since no process can still be using it.
 */
public final class FileLeaseLock implements LeaseLock {
    private final Path file;
    private final String holder;
    private final Clock clock;

    public FileLeaseLock(Path file) {
        this(file, System.getProperty("user.name", "unknown"), Clock.systemUTC());
    }

    public FileLeaseLock(Path file, String holder, Clock clock) {
        this.file = file;
        this.holder = holder;
        this.clock = clock;
    }

    @Override
    public Lease acquire(String operation, Duration ttl) throws IOException {
        Instant now = clock.instant();
        Lease lease = new Lease(UUID.randomUUID().toString(), holder, host(), ProcessHandle.current().pid(),
                operation, now, now.plus(ttl));
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (create(lease)) {
            return lease;
        }
        Lease other = read().orElseGet(() -> unreadable(now));
        if (deadOnThisHost(other, lease.host())) {
            // Its process is provably gone (same host, pid not running): a kill -9 left it. Take it over.
            if (removeIfStill(other) && create(lease)) {
                return lease;
            }
            other = read().orElseGet(() -> unreadable(now));
        }
        throw other.expiredAt(now) ? new LeaseExpiredException(other) : new LockHeldException(other);
    }

    /**
     * Moves the lock file aside atomically and checks it was exactly that lease; if a racing process had
     * already replaced it, puts that one back. Never deletes a lease it did not mean to.
     */
    private boolean removeIfStill(Lease dead) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".stale");
        try {
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return true;
        }
        Optional<Lease> moved = readFrom(aside);
        if (moved.isPresent() && moved.get().id().equals(dead.id())) {
            Files.deleteIfExists(aside);
            return true;
        }
        try {
            Files.move(aside, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(aside); // a third process holds it now; ours was stale anyway
        }
        return false;
    }

    /** CREATE_NEW is atomic in the file system: of two processes, only one creates the file. */
    private boolean create(Lease lease) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            AtomicFiles.writeFully(ch, Json.mapper().writeValueAsBytes(lease));
            ch.force(true);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static boolean deadOnThisHost(Lease other, String host) {
        return other.pid() > 0 && other.host().equals(host) && other.pid() != ProcessHandle.current().pid()
                && ProcessHandle.of(other.pid()).map(ph -> !ph.isAlive()).orElse(true);
    }

    @Override
    public synchronized Lease renew(Lease lease, Duration ttl) throws IOException {
        Optional<Lease> current = read();
        if (current.isEmpty() || !current.get().id().equals(lease.id())) {
            throw new IOException("the lock in " + file + " is no longer ours: "
                    + current.map(l -> "it was taken over by " + l.describe()).orElse("it was removed (dda unlock?)"));
        }
        Lease renewed = new Lease(lease.id(), lease.holder(), lease.host(), lease.pid(), lease.operation(),
                lease.started(), clock.instant().plus(ttl));
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(renewed));
        return renewed;
    }

    @Override
    public synchronized void release(Lease lease) throws IOException {
        Optional<Lease> current = read();
        if (current.isPresent() && current.get().id().equals(lease.id())) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public Optional<Lease> current() throws IOException {
        return read();
    }

    @Override
    public synchronized Optional<Lease> forceRelease() throws IOException {
        Optional<Lease> current = read();
        Files.deleteIfExists(file);
        return current;
    }

    private Optional<Lease> read() throws IOException {
        return readFrom(file);
    }

    private Optional<Lease> readFrom(Path path) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                return Optional.of(unreadable(clock.instant())); // its creator died between create and write
            }
            return Optional.of(Json.mapper().readValue(bytes, Lease.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(unreadable(clock.instant()));
        }
    }

    /** A lock file we cannot read still locks: report it as an expired lease by an unknown holder. */
    private Lease unreadable(Instant now) {
        return new Lease("unreadable", "an unknown holder (unreadable lock file " + file + ")", "?", -1, "?",
                now, now.minusSeconds(1));
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
