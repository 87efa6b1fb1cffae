package dev.dda.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import dev.dda.edge.bench.DemoModel;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.testing.Http;
import dev.dda.edge.testing.TestZips;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeOptionsTest {
    @Test
    void parse_whenEnvironmentGiven_usesItUnderFlags() {
        EdgeOptions o = EdgeOptions.parse(List.of("--port", "6000", "--model=a:2"), EdgeOptions.SERVE,
                Map.of("DDA_EDGE_PORT", "7000", "DDA_EDGE_MODELS", "/repo", "DDA_EDGE_MODEL", "x, y:3"));

        assertThat(o.get("--port")).isEqualTo("6000");
        assertThat(o.get("--models")).isEqualTo("/repo");
        assertThat(o.all("--model")).containsExactly("a:2");
        assertThat(o.get("--host")).isEqualTo("127.0.0.1");
    }

    @Test
    void parse_whenModelsFromEnvironmentOnly_splitsCommas() {
        EdgeOptions o = EdgeOptions.parse(List.of(), EdgeOptions.SERVE, Map.of("DDA_EDGE_MODEL", "x, y:3"));

        assertThat(o.all("--model")).containsExactly("x", "y:3");
    }

    @Test
    void parse_whenThreadsNotGiven_runsTwiceAsManyWorkersAsCores() {
        EdgeOptions o = EdgeOptions.parse(List.of(), EdgeOptions.SERVE, Map.of());

        assertThat(o.number("--threads", 1, 256)).isEqualTo(2L * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void skipJavaCppMemoryCheck_whenLimitUnset_setsItToZero_andKeepsOneTheUserSet() {
        String camel = "org.bytedeco.javacpp.maxPhysicalBytes";
        String lower = "org.bytedeco.javacpp.maxphysicalbytes";
        String before = System.getProperty(camel);
        try {
            System.clearProperty(camel);
            EdgeMain.skipJavaCppMemoryCheck();
            assertThat(System.getProperty(camel)).isEqualTo("0");

            System.setProperty(camel, "2g");
            EdgeMain.skipJavaCppMemoryCheck();
            assertThat(System.getProperty(camel)).isEqualTo("2g");

            System.clearProperty(camel);
            System.setProperty(lower, "3g");
            EdgeMain.skipJavaCppMemoryCheck();
            assertThat(System.getProperty(camel)).isNull();
        } finally {
            System.clearProperty(lower);
            if (before == null) {
                System.clearProperty(camel);
            } else {
                System.setProperty(camel, before);
            }
        }
    }

    @Test
    void parse_whenUnknownOrBadValue_saysWhat() {
        assertThatThrownBy(() -> EdgeOptions.parse(List.of("--prot", "1"), EdgeOptions.SERVE, Map.of()))
                .hasMessageContaining("unknown option --prot");
        EdgeOptions o = EdgeOptions.parse(List.of("--port", "http"), EdgeOptions.SERVE, Map.of());
        assertThatThrownBy(() -> o.number("--port", 0, 65535)).hasMessageContaining("--port must be a whole number");
    }

    private static final List<EdgeOptions.Option> QUALITY_AND_THREADS = List.of(
            new EdgeOptions.Option("--quality", "", "", ""), new EdgeOptions.Option("--threads", "", "", ""));

    @Test
    void decimalAndNumbers_whenNotNumbersOrOutOfRange_sayWhatWouldDo() {
        EdgeOptions o = EdgeOptions.parse(List.of("--quality", "abc", "--threads", "2", "--threads", "two"),
                QUALITY_AND_THREADS, Map.of());

        assertThatThrownBy(() -> o.decimal("--quality", 0, 1))
                .hasMessage("--quality must be a number from 0.0 to 1.0, not 'abc'");
        assertThatThrownBy(() -> o.numbers("--threads", 1, 8))
                .hasMessage("--threads must be a whole number, not 'two'");
        EdgeOptions high = EdgeOptions.parse(List.of("--quality", "1.5", "--threads", "9"), QUALITY_AND_THREADS,
                Map.of());
        assertThatThrownBy(() -> high.decimal("--quality", 0, 1)).hasMessageContaining("not '1.5'");
        assertThatThrownBy(() -> high.numbers("--threads", 1, 8))
                .hasMessage("--threads must be between 1 and 8, not 9");
        EdgeOptions good = EdgeOptions.parse(List.of("--quality", "0.75", "--threads", "1", "--threads", "4"),
                QUALITY_AND_THREADS, Map.of());
        assertThat(good.decimal("--quality", 0, 1)).isEqualTo(0.75);
        assertThat(good.numbers("--threads", 1, 8)).containsExactly(1, 4);
    }

    @Test
    void run_whenFrameQualityOrLoadClientsNotANumber_exits1WithTheRange(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("part.png");
        java.nio.file.Files.write(png, dev.dda.edge.testing.TestImages.leftWhite(16, 16, 0.5));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int frame = EdgeMain.run(List.of("frame", "--image", png.toString(), "--out", dir.resolve("p.jpg").toString(),
                "--format", "jpeg", "--quality", "abc"), System.out, new PrintStream(err), Map.of());
        int load = EdgeMain.run(List.of("load", "--url", "http://127.0.0.1:1/predict", "--image", png.toString(),
                "--clients", "x"), System.out, new PrintStream(err), Map.of());

        assertThat(frame).isEqualTo(1);
        assertThat(load).isEqualTo(1);
        assertThat(err.toString()).contains("--quality must be a number from 0.0 to 1.0, not 'abc'")
                .contains("--clients must be a whole number, not 'x'");
        assertThat(dir.resolve("p.jpg")).doesNotExist();
    }

    @Test
    void run_whenBenchSecondsFromInput_measuresOncePerLineUntilTheInputEnds(@TempDir Path repo) throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(8, 8, 1), 0, 0.5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.InputStream stdin = System.in;
        ByteArrayOutputStream pipelineOut = new ByteArrayOutputStream();
        int good;
        int withImage;
        int bad;
        try {
            System.setIn(new java.io.ByteArrayInputStream("0.2\n0.1\n".getBytes(StandardCharsets.UTF_8)));
            good = EdgeMain.run(List.of("bench", "--models", repo.toString(), "--threads", "1", "--threads", "2",
                    "--seconds", "stdin", "--warm-seconds", "0"), new PrintStream(out), new PrintStream(err), Map.of());
            Path png = repo.resolve("part.png");
            java.nio.file.Files.write(png, dev.dda.edge.testing.TestImages.leftWhite(32, 32, 0.5));
            System.setIn(new java.io.ByteArrayInputStream("0.2\n".getBytes(StandardCharsets.UTF_8)));
            withImage = EdgeMain.run(List.of("bench", "--models", repo.toString(), "--seconds", "stdin",
                    "--warm-seconds", "0.1", "--image", png.toString()), new PrintStream(pipelineOut),
                    new PrintStream(err), Map.of());
            System.setIn(new java.io.ByteArrayInputStream("soon\n".getBytes(StandardCharsets.UTF_8)));
            bad = EdgeMain.run(List.of("bench", "--models", repo.toString(), "--seconds", "stdin",
                    "--warm-seconds", "0"),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Map.of());
        } finally {
            System.setIn(stdin);
        }

        assertThat(good).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("{\"measure\":\"model\""));
        assertThat(lines.get(0)).contains("\"threads\":1");
        assertThat(lines.get(1)).contains("\"threads\":2");
        assertThat(withImage).isZero();
        assertThat(pipelineOut.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("{\"measure\":\"model\""),
                l -> assertThat(l).startsWith("{\"measure\":\"pipeline\""));
        assertThat(bad).isEqualTo(1);
        assertThat(err.toString()).contains("--seconds stdin: each line must be a number from 0.1 to 3600.0, not 'soon'");
    }

    @Test
    void run_whenBenchInSlices_printsOneCombinedLinePerMeasurementInOrder(@TempDir Path repo) throws Exception {
        DemoModel.write(repo, "demo", "1", InputSpec.of(8, 8, 1), 0, 0.5);
        Path png = repo.resolve("part.png");
        java.nio.file.Files.write(png, dev.dda.edge.testing.TestImages.leftWhite(32, 32, 0.5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int good = EdgeMain.run(List.of("bench", "--models", repo.toString(), "--threads", "1", "--threads", "2",
                "--seconds", "0.4", "--slices", "2", "--image", png.toString()), new PrintStream(out),
                new PrintStream(err), Map.of());
        int tooThin = EdgeMain.run(List.of("bench", "--models", repo.toString(), "--seconds", "1", "--slices", "20"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Map.of());

        assertThat(good).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("measure")).toList();
        assertThat(lines).satisfiesExactly(
                l -> assertThat(l).contains("\"measure\":\"model\"", "\"threads\":1"),
                l -> assertThat(l).contains("\"measure\":\"model\"", "\"threads\":2"),
                l -> assertThat(l).contains("\"measure\":\"pipeline\"", "\"threads\":1"),
                l -> assertThat(l).contains("\"measure\":\"pipeline\"", "\"threads\":2"));
        assertThat(tooThin).isEqualTo(1);
        assertThat(err.toString()).contains("--seconds 1 in 20 slices leaves 0.05 s each; give each slice at least 0.1 s");
    }

    @Test
    void number_whenTheBadValueCameFromTheEnvironment_namesTheVariable() {
        EdgeOptions o = EdgeOptions.parse(List.of(), EdgeOptions.SERVE, Map.of("DDA_EDGE_PORT", "xyz"));

        assertThatThrownBy(() -> o.number("--port", 0, 65535))
                .hasMessage("DDA_EDGE_PORT (--port) must be a whole number, not 'xyz'");
        assertThat(o.label("--threads")).isEqualTo("--threads");
    }

    @Test
    void run_whenTokenFileIsMissing_exits1SayingWhatToPass(@TempDir Path repo) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EdgeMain.run(List.of("serve", "--models", repo.toString(), "--port", "0", "--token-file",
                repo.resolve("no-token").toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err), Map.of());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--token-file " + repo.resolve("no-token") + " does not exist; write the"
                + " bearer token to a file and pass its path");
    }

    @Test
    void run_whenBenchRepositoryIsMissingOrEmpty_exits1SayingWhich(@TempDir Path repo) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(EdgeMain.run(List.of("bench", "--models", repo.resolve("none").toString()), quiet,
                new PrintStream(err), Map.of())).isEqualTo(1);
        assertThat(EdgeMain.run(List.of("bench", "--models", repo.toString()), quiet, new PrintStream(err), Map.of()))
                .isEqualTo(1);

        assertThat(err.toString()).contains("--models " + repo.resolve("none") + " is not a folder")
                .contains("--models " + repo + " holds no model package (NAME/VERSION/ folders) to measure");
    }

    @Test
    void run_whenThePortIsTakenOrTheHostIsNotHere_exits1SayingWhichOptionToChange(@TempDir Path repo)
            throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            assertThat(EdgeMain.run(List.of("serve", "--models", repo.toString(), "--port", port), quiet,
                    new PrintStream(err), Map.of())).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + port + ": another process holds the"
                    + " port; stop it, or choose another with --port (0 picks a free one)");
        }
        // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it
        assertThat(EdgeMain.run(List.of("serve", "--models", repo.toString(), "--port", "0"), quiet,
                new PrintStream(err), Map.of("DDA_EDGE_HOST", "192.0.2.1"))).isEqualTo(1);
        assertThat(EdgeMain.run(List.of("serve", "--models", repo.toString(), "--host", "999.1.1.1"), quiet,
                new PrintStream(err), Map.of())).isEqualTo(1);

        assertThat(err.toString()).contains("cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this"
                        + " machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this"
                        + " machine's addresses")
                .contains("--host 999.1.1.1 is neither an address nor a name that resolves; use 127.0.0.1")
                .doesNotContain("Failed to bind");
    }

    @Test
    void run_whenRepositoryMissing_exits1WithMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EdgeMain.run(List.of("serve", "--models", "/no/such/repo", "--port", "0"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Map.of());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--models /no/such/repo is not a folder");
    }

    @Test
    void start_whenRepositoryEmpty_servesHealthAndLoadsPackagesCopiedInLater(@TempDir Path repo) throws Exception {
        // the Greengrass flow: the service starts on an empty folder, model components copy packages in and load them
        EdgeOptions o = EdgeOptions.parse(List.of(), EdgeOptions.SERVE,
                Map.of("DDA_EDGE_MODELS", repo.toString(), "DDA_EDGE_PORT", "0"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EdgeMain.Running running = EdgeMain.start(o, new PrintStream(out), System.err)) {
            Http http = new Http(running.server().port());
            assertThat(out.toString()).contains("no models in");
            assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(http.get("/v2/health/ready").status()).isEqualTo(503);

            DemoModel.write(repo, "aliens", "3", InputSpec.of(16, 16, 1), 0, 0.5);
            Http.Answer load = http.postJson("/v2/repository/models/aliens/load", "{\"parameters\":{\"version\":\"3\"}}");

            assertThat(load.status()).as(load.body()).isEqualTo(200);
            assertThat(http.get("/v2/models/aliens/versions/3/ready").status()).isEqualTo(200);
            assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void start_whenPackagesAreZipped_servesThemAndSaysWhichZipsItSkipped(@TempDir Path dir) throws Exception {
        Path repo = java.nio.file.Files.createDirectories(dir.resolve("repo"));
        Path built = dir.resolve("built");
        DemoModel.write(built, "aliens", "1", InputSpec.of(16, 16, 1), 0, 0.5);
        DemoModel.write(built, "aliens", "2", InputSpec.of(16, 16, 1), 0, 0.5);
        TestZips.ofFolder(built.resolve("aliens/1"), "aliens/1/", repo.resolve("aliens-1.zip"));
        TestZips.ofText(repo.resolve("stray.zip"), Map.of("manifest.json", "{}"));
        EdgeOptions o = EdgeOptions.parse(List.of("--models", repo.toString(), "--port", "0"), EdgeOptions.SERVE,
                Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (EdgeMain.Running running = EdgeMain.start(o, new PrintStream(out), new PrintStream(err))) {
            Http http = new Http(running.server().port());
            Http.Answer first = http.post("/predict", "image/png", dev.dda.edge.testing.TestImages.leftWhite(32, 32, 0.5));

            TestZips.ofFolder(built.resolve("aliens/2"), "aliens/2/", repo.resolve("aliens-2.zip"));
            Http.Answer load = http.postJson("/v2/repository/models/aliens/load", "{}");
            Http.Answer second = http.post("/predict", "image/png", dev.dda.edge.testing.TestImages.leftWhite(32, 32, 0.5));

            assertThat(err.toString()).contains("dda edge: skipped " + repo.resolve("stray.zip")
                    + ": entry 'manifest.json' is not under NAME/VERSION/");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.body()).contains("\"version\":\"1\"");
            assertThat(load.status()).as(load.body()).isEqualTo(200);
            assertThat(second.body()).contains("\"version\":\"2\"");
        }
    }

    @Test
    void run_whenFrame_writesTheImageAsARawFrame(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("part.png");
        java.nio.file.Files.write(png, dev.dda.edge.testing.TestImages.leftWhite(6, 4, 0.5));
        Path frame = dir.resolve("part.ppm");

        int code = EdgeMain.run(List.of("frame", "--image", png.toString(), "--out", frame.toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err, Map.of());

        assertThat(code).isZero();
        byte[] written = java.nio.file.Files.readAllBytes(frame);
        assertThat(new String(written, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("P6\n6 4\n255\n");
        assertThat(written).hasSize(11 + 6 * 4 * 3);
        assertThat(written[11]).isEqualTo((byte) 255);
        assertThat(written[written.length - 1]).isZero();
    }

    @Test
    void run_whenFrameAsJpeg_writesAJpegTheFastPathDecodesLikeThePng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("part.png");
        java.nio.file.Files.write(png, dev.dda.edge.testing.TestImages.leftWhite(640, 480, 0.5));
        Path jpeg = dir.resolve("part.jpg");

        int code = EdgeMain.run(List.of("frame", "--image", png.toString(), "--out", jpeg.toString(), "--format",
                "jpeg", "--quality", "0.95"), new PrintStream(new ByteArrayOutputStream()), System.err, Map.of());

        assertThat(code).isZero();
        dev.dda.edge.preprocess.Preprocessor p = dev.dda.edge.preprocess.Preprocessor.create(
                dev.dda.edge.preprocess.InputSpec.of(64, 48, 1));
        float[] fromJpeg = p.prepare(java.nio.file.Files.readAllBytes(jpeg));
        float[] fromPng = p.prepare(java.nio.file.Files.readAllBytes(png));
        for (int i = 0; i < fromPng.length; i++) {
            assertThat(fromJpeg[i]).as("value " + i).isCloseTo(fromPng[i], org.assertj.core.api.Assertions.within(0.06f));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(EdgeMain.run(List.of("frame", "--image", png.toString(), "--out", jpeg.toString(), "--format",
                "webp"), System.out, new PrintStream(err), Map.of())).isEqualTo(1);
        assertThat(err.toString()).contains("--format is 'webp'; use pnm or jpeg");
    }

    @Test
    void run_whenFrameOfANonImage_exits1WithMessage(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(text, "not a picture");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EdgeMain.run(List.of("frame", "--image", text.toString(), "--out", dir.resolve("x.ppm").toString()),
                System.out, new PrintStream(err), Map.of());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("notes.txt is not an image");
        assertThat(dir.resolve("x.ppm")).doesNotExist();
    }

    @Test
    void run_whenHelp_listsEveryOptionWithItsVariable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EdgeMain.run(List.of("serve", "--help"), new PrintStream(out), System.err, Map.of());

        for (EdgeOptions.Option opt : EdgeOptions.SERVE) {
            assertThat(out.toString()).contains(opt.flag()).contains(opt.env());
        }
    }
}
