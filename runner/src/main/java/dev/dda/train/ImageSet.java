package dev.dda.train;

import dev.dda.edge.preprocess.ImageRejectedException;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** Images turned into model input by the shared {@link Preprocessor}, with their labels. */
final class ImageSet {
    private final float[][] images;
    private final int[] labels;
    private final int valuesPerImage;

    private ImageSet(float[][] images, int[] labels, int valuesPerImage) {
        this.images = images;
        this.labels = labels;
        this.valuesPerImage = valuesPerImage;
    }

    /** Images already turned into model input, {@code valuesPerImage} floats each. */
    static ImageSet of(float[][] images, int[] labels, int valuesPerImage) {
        return new ImageSet(images.clone(), labels.clone(), valuesPerImage);
    }

    static ImageSet load(List<LabeledImage> files, Preprocessor preprocessor) throws TrainingException {
        float[][] images = new float[files.size()][];
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            LabeledImage f = files.get(i);
            try {
                images[i] = preprocessor.prepare(Files.readAllBytes(f.path()));
            } catch (IOException e) {
                throw new TrainingException(f.path() + ": cannot read: " + e.getMessage(), e);
            } catch (ImageRejectedException e) {
                throw new TrainingException(f.path() + ": " + e.getMessage(), e);
            }
            labels[i] = f.label();
        }
        return new ImageSet(images, labels, preprocessor.input().valuesPerImage());
    }

    int size() {
        return images.length;
    }

    int[] labels() {
        return labels.clone();
    }

    /** One image as it is; callers must not change it. */
    float[] image(int index) {
        return images[index];
    }

    int label(int index) {
        return labels[index];
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), one flat HWC array, as they are. */
    float[] slice(int from, int to) {
        float[] flat = new float[(to - from) * valuesPerImage];
        for (int i = from; i < to; i++) {
            System.arraycopy(images[i], 0, flat, (i - from) * valuesPerImage, valuesPerImage);
        }
        return flat;
    }

    /** What a batch of images is handed to: the index of its first image and the [n, h, w, c] tensor. */
    interface Batch {
        void accept(int from, TFloat32 images);
    }

    /** The images in order, at most {@code size} at a time, each batch as one tensor closed after use. */
    void inBatches(InputSpec spec, int size, Batch batch) {
        for (int from = 0; from < size(); from += size) {
            int to = Math.min(size(), from + size);
            try (TFloat32 x = tensor(spec, slice(from, to), to - from)) {
                batch.accept(from, x);
            }
        }
    }

    /** {@code count} flat HWC images as the model's [count, h, w, c] input. */
    static TFloat32 tensor(InputSpec spec, float[] images, int count) {
        return TFloat32.tensorOf(Shape.of(count, spec.height(), spec.width(), spec.channels()),
                DataBuffers.of(images, true, false));
    }

    /**
     * Session settings for the trainer's own scoring and training: {@code threads} per op, one op at a time (a
     * batch's ops depend on each other, so more inter-op threads would only wait).
     */
    static ConfigProto sessionConfig(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1).build();
    }

    /** The chosen images, one flat HWC array, each varied by the augmenter when one is given. */
    float[] batch(int[] indices, Augmenter augmenter, Random random) {
        float[] flat = new float[indices.length * valuesPerImage];
        for (int i = 0; i < indices.length; i++) {
            float[] image = augmenter == null ? images[indices[i]] : augmenter.apply(images[indices[i]], random);
            System.arraycopy(image, 0, flat, i * valuesPerImage, valuesPerImage);
        }
        return flat;
    }
}
