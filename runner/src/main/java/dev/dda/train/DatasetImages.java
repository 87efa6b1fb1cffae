package dev.dda.train;

import dev.dda.edge.preprocess.ImageRejectedException;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Damaged images among the files a dataset is about to sync, found before any is copied or uploaded. Synced, a
 * truncated image fails the training job later (on SageMaker, after the instance has been paid for), and the
 * failure names the bucket's copy instead of the file to fix.
 *
 * <p>Only what no decoder can read is refused: empty and corrupt files. A format this trainer does not read
 * (TIFF, say) may be meant for another algorithm, and an image over the trainer's pixel limit is the trainer's
 * to refuse, so both are synced as they are.
 */
public final class DatasetImages {
    private static final int SHOWN = 5;
    /** Decoding is what is checked; the trainer's input size is not the dataset's to know, and any size decodes. */
    private static final InputSpec PROBE = InputSpec.of(32, 32, 1);

    private DatasetImages() {}

    /**
     * What is wrong with the damaged images among {@code files}, or empty when none is; files that are not
     * images by name (as the trainer picks them) are not read.
     */
    public static Optional<String> damaged(Collection<Path> files) {
        Preprocessor decoder = Preprocessor.create(PROBE);
        List<String> shown = new ArrayList<>();
        int damaged = 0;
        for (Path file : files) {
            if (!LabeledDataset.isImage(file.getFileName().toString())) {
                continue;
            }
            Optional<String> problem = problem(decoder, file);
            if (problem.isPresent()) {
                damaged++;
                if (shown.size() < SHOWN) {
                    shown.add(file + ": " + problem.get());
                }
            }
        }
        if (damaged == 0) {
            return Optional.empty();
        }
        return Optional.of(damaged + (damaged == 1 ? " image is" : " images are") + " damaged, so nothing was"
                + " synced; fix or remove " + (damaged == 1 ? "it" : "them") + " (the trainer would fail on "
                + (damaged == 1 ? "it" : "them") + "): " + String.join("; ", shown)
                + (damaged > SHOWN ? "; and " + (damaged - SHOWN) + " more" : ""));
    }

    private static Optional<String> problem(Preprocessor decoder, Path file) {
        try {
            decoder.prepare(Files.readAllBytes(file));
            return Optional.empty();
        } catch (ImageRejectedException e) {
            boolean unreadable = e.reason() == ImageRejectedException.Reason.EMPTY
                    || e.reason() == ImageRejectedException.Reason.CORRUPT;
            return unreadable ? Optional.of(e.getMessage()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read: " + e.getMessage());
        }
    }
}
