package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
    @Test
    void printFrom_printsWholeLinesAfterTheOffset_andStartsAgainWhenTheFileShrank(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("c.log");
        Files.writeString(log, "one\ntwo\nthr");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        long offset = LogsCommand.printFrom("c", log, 0, print);
        Files.writeString(log, "one\ntwo\nthree\n");
        long next = LogsCommand.printFrom("c", log, offset, print);
        Files.writeString(log, "new\n");
        LogsCommand.printFrom("c", log, next, print);

        assertThat(offset).isEqualTo(8);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("c one", "c two", "c three", "c new");
    }
}
