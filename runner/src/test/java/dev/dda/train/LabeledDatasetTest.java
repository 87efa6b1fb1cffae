package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledDatasetTest {
    @TempDir
    Path dir;

    private void touch(String... names) throws Exception {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1});
        }
    }

    @Test
    void read_whenFolders_labelsByFolderName() throws Exception {
        // macOS leaves ._NAME beside the files it copies: no image, and not to be decoded
        touch("normal/a.png", "normal/b.jpg", "normal/e.pgm", "anomaly/c.png", "anomaly/d.ppm", "anomaly/notes.txt",
                "anomaly/._c.png");
        List<LabeledImage> images = LabeledDataset.read(dir);
        assertThat(images).extracting(i -> dir.relativize(i.path()).toString() + ":" + i.label())
                .containsExactly("anomaly/c.png:1", "anomaly/d.ppm:1", "normal/a.png:0", "normal/b.jpg:0",
                        "normal/e.pgm:0");
    }

    @Test
    void read_whenManifest_resolvesPathsAndFileUris() throws Exception {
        touch("img/a.png", "img/b.png", "img/c.png", "img/d.png");
        Path manifest = dir.resolve("labels.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"source-ref\": \"img/a.png\", \"anomaly-label\": 0, \"anomaly-label-metadata\": {\"class-name\": \"normal\"}}",
                "{\"source-ref\": \"" + dir.resolve("img/b.png").toUri() + "\", \"anomaly-label\": 1}",
                "",
                "{\"source-ref\": \"img/c.png\", \"anomaly-label\": 0}",
                "{\"source-ref\": \"img/d.png\", \"anomaly-label\": 1}"));
        List<LabeledImage> images = LabeledDataset.read(manifest);
        assertThat(images).extracting(LabeledImage::label).containsExactly(0, 1, 0, 1);
        assertThat(images.get(1).path()).isEqualTo(dir.resolve("img/b.png"));
    }

    @Test
    void read_whenManifestLineIsBad_namesFileAndLine() throws Exception {
        touch("img/a.png");
        Path manifest = dir.resolve("labels.jsonl");
        Files.writeString(manifest, "{\"source-ref\": \"img/a.png\", \"anomaly-label\": 0}\n"
                + "{\"source-ref\": \"img/a.png\", \"anomaly-label\": 2}\n");
        assertThatThrownBy(() -> LabeledDataset.read(manifest)).isInstanceOf(TrainingException.class)
                .hasMessageStartingWith(manifest + ":2:1: \"anomaly-label\" is 2");
    }

    @Test
    void read_whenS3Reference_explainsTheLocalTrainerReadsFiles() throws Exception {
        Path manifest = dir.resolve("labels.jsonl");
        Files.writeString(manifest, "{\"source-ref\": \"s3://bucket/a.png\", \"anomaly-label\": 0}\n");
        assertThatThrownBy(() -> LabeledDataset.read(manifest)).hasMessageContaining(":1:1: source-ref s3://")
                .hasMessageContaining("not a local file");
    }

    @Test
    void read_whenClassMissing_says() throws Exception {
        touch("normal/a.png", "normal/b.png");
        assertThatThrownBy(() -> LabeledDataset.read(dir)).hasMessageContaining("anomaly");
    }
}
