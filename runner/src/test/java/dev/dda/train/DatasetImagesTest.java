package dev.dda.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImagesTest {
    @TempDir
    Path dir;

    private final List<Path> files = new ArrayList<>();

    private void write(String rel, byte[] bytes) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        files.add(p);
    }

    private static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void damaged_whenImagesDecode_isEmpty() throws Exception {
        write("normal/1.png", png());
        write("notes.txt", new byte[0]);

        assertThat(DatasetImages.damaged(files)).isEmpty();
    }

    @Test
    void damaged_whenTruncatedOrEmpty_namesEachFileAndWhatIsWrong() throws Exception {
        byte[] png = png();
        write("normal/1.png", png);
        write("normal/99.png", Arrays.copyOf(png, 60));
        write("anomaly/empty.JPG", new byte[0]);

        assertThat(DatasetImages.damaged(files)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("2 images are damaged, so nothing was synced; fix or remove them (the trainer would fail"
                        + " on them): ")
                .contains(dir.resolve("normal/99.png") + ": the PNG is truncated")
                .contains(dir.resolve("anomaly/empty.JPG") + ": the image is empty (0 bytes)")
                .doesNotContain("normal/1.png"));
    }

    @Test
    void damaged_whenNotAnImageOrAFormatThisTrainerDoesNotRead_leavesItToWhoeverReadsIt() throws Exception {
        // another algorithm may read what this trainer does not; only what no decoder can read is refused
        write("notes.txt", new byte[] {1, 2, 3});
        write("scan.tif", new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        write("named.png", "a text file with an image's name".getBytes());

        assertThat(DatasetImages.damaged(files)).isEmpty();
    }

    @Test
    void damaged_whenMany_showsFiveAndCountsTheRest() throws Exception {
        for (int i = 0; i < 8; i++) {
            write("normal/" + i + ".png", new byte[0]);
        }

        assertThat(DatasetImages.damaged(files)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("8 images are damaged").endsWith("; and 3 more")
                .contains("normal/4.png").doesNotContain("normal/5.png"));
    }
}
