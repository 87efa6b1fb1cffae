package dev.dda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dda.git.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedCommandTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());

    static String spec(String name) {
        return "apiVersion: dda/v1\nkind: Pipeline\nmetadata: { name: " + name + " }\ntarget: local\n"
                + "datasets:\n  d: { bucket: b, prefix: p/, source: ../data/" + name + " }\n";
    }

    @Test
    void run_whenDatasetImagesAdded_printsJsonMatrixOnOneLine() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("examples/pipelines/a.yaml", spec("a"));
            repo.write("examples/pipelines/b.yaml", spec("b"));
            repo.write("examples/data/a/normal/1.png", "1");
            repo.commit("one");
            repo.write("examples/data/a/normal/2.png", "2");
            repo.commit("two");

            int code = Main.run(new String[] {"changed", "--since", "HEAD~1", "--format", "json", "-C",
                    repo.root().toString()}, console);

            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"spec\":\"examples/pipelines/a.yaml\","
                    + "\"pipeline\":\"a\",\"target\":\"local\",\"reasons\":[\"examples/data/a: 1 added\"]}]\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 pipeline spec changed since HEAD~1");
        }
    }

    @Test
    void run_whenTextFormat_printsOnePathPerLineAndReasonsOnStderr() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("p/a.yaml", spec("a"));
            repo.commit("one");
            repo.write("p/a.yaml", spec("a") + "# edit\n");
            int code = Main.run(new String[] {"changed", "--since", "HEAD", "-C", repo.root().toString()}, console);
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("p/a.yaml\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("p/a.yaml: spec changed");
        }
    }

    @Test
    void run_whenSinceMissingOrRevisionUnknown_exitsOneWithMessage() throws Exception {
        assertThat(Main.run(new String[] {"changed"}, console)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give either --since REV");
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("a.txt", "a");
            repo.commit("one");
            assertThat(Main.run(new String[] {"changed", "--since", "nope", "-C", repo.root().toString()}, console))
                    .isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown revision 'nope'");
        }
    }

    @Test
    void run_whenAll_listsEverySpecOfTheRepository() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            repo.write("p/a.yaml", spec("a"));
            repo.write("q/b.yml", spec("b"));
            repo.write("q/other.yaml", "kind: Other\n");
            repo.commit("one");
            int code = Main.run(new String[] {"changed", "--all", "--format", "json", "-C",
                    repo.root().resolve("q").toString()}, console);
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"spec\":\"p/a.yaml\",\"pipeline\":\"a\","
                    + "\"target\":\"local\",\"reasons\":[]},{\"spec\":\"q/b.yml\",\"pipeline\":\"b\",\"target\":\"local\",\"reasons\":[]}]\n");
        }
    }
}
