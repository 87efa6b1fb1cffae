package dev.dda.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void describe_whenAFileOrConnectionFails_saysWhatAndWhere() {
        assertThat(Failures.describe(new NoSuchFileException("/x/image.png")))
                .isEqualTo("/x/image.png: no such file or folder");
        assertThat(Failures.describe(new AccessDeniedException("/x/out"))).isEqualTo("/x/out: permission denied");
        assertThat(Failures.describe(new FileSystemException("/x/out", null, "Read-only file system")))
                .isEqualTo("/x/out: Read-only file system");
        assertThat(Failures.describe(new ConnectException("Connection refused")))
                .isEqualTo("cannot connect (Connection refused); is the server running, and is the URL right?");
    }

    @Test
    void describe_whenTheMessageSaysIt_keepsTheMessage() {
        assertThat(Failures.describe(new IllegalArgumentException("--port must be a whole number")))
                .isEqualTo("--port must be a whole number");
        assertThat(Failures.describe(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }
}
