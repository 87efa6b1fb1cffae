package dev.dda.train;

import dev.dda.edge.preprocess.InputSpec;
import dev.dda.text.EditDistance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run may vary. Names match {@code training.*.hyperparameters} in the spec, so the local target
 * passes that map straight to {@link #fromMap}. epochs, learningRate, batchSize, augment, weightDecay, ensemble and
 * average shape the CNN only; the exemplar model reads the input size, seed, splits, threads and its own three.
 *
 * @param epochs passes over the training images
 * @param learningRate Adam step size
 * @param imageSize side of the square model input, pixels; its width when {@code imageHeight} is set
 * @param imageHeight height of the model input, pixels; 0 = square. Cameras are not square: 128 wide by 88 high
 *                    keeps the aliens' 550x380 proportions, so a thin mark is not squeezed twice as much one way
 * @param channels 1 (grey) or 3 (RGB)
 * @param batchSize images per training step; 8 rather than 16 doubles the Adam steps per epoch at about the same
 *                  cost, and on the aliens (44 training images) raised the 10-seed held-out AUROC from 0.909 to 0.931
 * @param seed makes split, augmentation, initial weights and batch order repeatable
 * @param validationSplit fraction of each class kept for validation (threshold, progress AUROC)
 * @param testSplit fraction of each class held out entirely, evaluated once on the exported model (0 = none)
 * @param augment flips, small shifts and rotations, brightness and contrast changes of training images
 * @param weightDecay L2 penalty on the weights
 * @param threads TensorFlow intra-op threads; 0 = one per core
 * @param ensemble networks trained side by side from different initial weights; the model outputs their mean
 * @param average fraction of the last epochs whose end-of-epoch weights are averaged into the exported model;
 *                0 exports the final weights
 * @param method {@code exemplar}: distance to the nearest training normal (see {@link ExemplarGraph}), or
 *               {@code cnn}: a convolutional classifier trained on both classes. On the aliens, over the same 10
 *               random held-out splits, the exemplar model scored a mean AUROC of 0.98 where the CNN scored 0.93:
 *               with 22 normal and 22 anomalous training photos, knowing exactly what normal looks like beats
 *               learning what every defect looks like. It needs no anomalies to train on.
 * @param exemplarShift pixels an exemplar may move each way to meet an image (exemplar method)
 * @param exemplarWindow side of the compared neighbourhood, pixels (exemplar method)
 * @param exemplars most exemplars kept (exemplar method); more normals are thinned to the most different ones
 */
public record Hyperparameters(int epochs, double learningRate, int imageSize, int imageHeight, int channels, int batchSize, long seed,
                              double validationSplit, double testSplit, boolean augment, double weightDecay,
                              int threads, int ensemble, double average, Method method, int exemplarShift,
                              int exemplarWindow, int exemplars) {
    /** How the model tells anomalies from normal images. */
    public enum Method {
        EXEMPLAR(List.of("epochs", "learningRate", "batchSize", "augment", "weightDecay", "ensemble", "average")),
        CNN(List.of("exemplarShift", "exemplarWindow", "exemplars"));

        /** Hyperparameters this method does not read: setting one is a mistake worth naming. */
        private final List<String> ignored;

        Method(List<String> ignored) {
            this.ignored = ignored;
        }

        Method other() {
            return this == EXEMPLAR ? CNN : EXEMPLAR;
        }

        static Method parse(Object value) {
            for (Method m : values()) {
                if (m.toString().equals(String.valueOf(value).trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("hyperparameter method is '" + value + "'; expected exemplar or cnn");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Values the exemplar model compares per image (each a float in a tensor the device holds while it serves):
     * 16 M is 64 MB, within a device's memory, and about 30 times what the aliens example compares.
     */
    static final long MAX_EXEMPLAR_VALUES = 16_000_000L;

    public static final Hyperparameters DEFAULTS =
            new Hyperparameters(300, 0.001, 64, 0, 1, 8, 7, 0.2, 0.0, true, 1e-4, 0, 3, 0.25, Method.EXEMPLAR, 1, 3, 64);

    public Hyperparameters {
        check(epochs >= 1 && epochs <= 100_000, "epochs", epochs, "a whole number from 1 to 100000");
        check(learningRate > 0 && learningRate <= 1, "learningRate", learningRate, "a number in (0, 1]");
        check(imageSize >= 16 && imageSize <= 512, "imageSize", imageSize, "a whole number from 16 to 512");
        check(imageHeight == 0 || imageHeight >= 16 && imageHeight <= 512, "imageHeight", imageHeight,
                "0 (square) or a whole number from 16 to 512");
        check(channels == 1 || channels == 3, "channels", channels, "1 (grey) or 3 (RGB)");
        check(batchSize >= 1 && batchSize <= 1024, "batchSize", batchSize, "a whole number from 1 to 1024");
        check(validationSplit > 0 && validationSplit < 1, "validationSplit", validationSplit, "a fraction in (0, 1)");
        check(testSplit >= 0 && testSplit + validationSplit < 1, "testSplit", testSplit,
                "a fraction >= 0 with testSplit + validationSplit < 1");
        check(weightDecay >= 0 && weightDecay < 1, "weightDecay", weightDecay, "a number in [0, 1)");
        check(threads >= 0 && threads <= 256, "threads", threads, "0 (one per core) or a whole number up to 256");
        check(ensemble >= 1 && ensemble <= 16, "ensemble", ensemble, "a whole number from 1 to 16");
        check(average >= 0 && average < 1, "average", average, "a fraction in [0, 1)");
        check(method != null, "method", method, "exemplar or cnn");
        check(exemplarShift >= 0 && exemplarShift <= 16, "exemplarShift", exemplarShift, "a whole number from 0 to 16");
        check(exemplarWindow >= 1 && exemplarWindow <= 15, "exemplarWindow", exemplarWindow,
                "a whole number from 1 to 15");
        check(exemplars >= 1 && exemplars <= 1024, "exemplars", exemplars, "a whole number from 1 to 1024");
        if (method == Method.EXEMPLAR) {
            long compared = (long) exemplars * (2L * exemplarShift + 1) * (2L * exemplarShift + 1) * imageSize
                    * (imageHeight == 0 ? imageSize : imageHeight) * channels;
            check(compared <= MAX_EXEMPLAR_VALUES, "exemplars", exemplars, "at most " + MAX_EXEMPLAR_VALUES
                    + " values compared per image (exemplars x (2 exemplarShift + 1)^2 x pixels x channels is "
                    + compared + "); lower exemplars, exemplarShift or the image size");
        }
    }

    /** The model input, pixels in [0, 1] centred on 0.5. */
    public InputSpec inputSpec() {
        return InputSpec.of(imageSize, imageHeight == 0 ? imageSize : imageHeight, channels);
    }

    ExemplarOptions exemplarOptions() {
        return new ExemplarOptions(exemplarShift, exemplarWindow, exemplars);
    }

    public int intraOpThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * Defaults overridden by {@code values}; unknown names and wrong values are refused with what would be right.
     *
     * @throws IllegalArgumentException naming the hyperparameter
     */
    public static Hyperparameters fromMap(Map<String, ?> values) {
        Hyperparameters hp = checkEach(values);
        List<String> unused = values.keySet().stream().filter(hp.method().ignored::contains).sorted().toList();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("hyperparameter" + (unused.size() > 1 ? "s " : " ") + String.join(", ",
                    unused) + " shape" + (unused.size() > 1 ? "" : "s") + " only the " + hp.method().other()
                    + " method, and this training uses " + hp.method() + (values.containsKey("method") ? ""
                    : " (the default)") + "; add method: " + hp.method().other() + ", or remove "
                    + (unused.size() > 1 ? "them" : "it"));
        }
        return hp;
    }

    /**
     * Like {@link #fromMap}, without refusing hyperparameters the chosen method does not read: for checking one
     * value at a time.
     */
    public static Hyperparameters checkEach(Map<String, ?> values) {
        Map<String, Object> v = allDefaults();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (!v.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown hyperparameter '" + e.getKey() + "'"
                        + EditDistance.closest(e.getKey(), v.keySet(), 2).map(k -> "; did you mean '" + k + "'?")
                        .orElse("; known: " + String.join(", ", v.keySet())));
            }
            v.put(e.getKey(), e.getValue());
        }
        return new Hyperparameters(whole(v, "epochs"), number(v, "learningRate"), whole(v, "imageSize"),
                whole(v, "imageHeight"), whole(v, "channels"), whole(v, "batchSize"), whole(v, "seed"), number(v, "validationSplit"),
                number(v, "testSplit"), bool(v, "augment"), number(v, "weightDecay"), whole(v, "threads"),
                whole(v, "ensemble"), number(v, "average"), Method.parse(v.get("method")),
                whole(v, "exemplarShift"), whole(v, "exemplarWindow"), whole(v, "exemplars"));
    }

    /** Every hyperparameter with its default, both methods' (for help text; the base of {@link #fromMap}). */
    public static Map<String, Object> allDefaults() {
        return DEFAULTS.everything();
    }

    /** The hyperparameters this run's method reads, so that {@code fromMap(hp.toMap())} gives {@code hp} back. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = everything();
        method.ignored.forEach(m::remove);
        return m;
    }

    private Map<String, Object> everything() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("learningRate", learningRate);
        m.put("imageSize", imageSize);
        m.put("imageHeight", imageHeight);
        m.put("channels", channels);
        m.put("batchSize", batchSize);
        m.put("seed", seed);
        m.put("validationSplit", validationSplit);
        m.put("testSplit", testSplit);
        m.put("augment", augment);
        m.put("weightDecay", weightDecay);
        m.put("threads", threads);
        m.put("ensemble", ensemble);
        m.put("average", average);
        m.put("method", method.toString());
        m.put("exemplarShift", exemplarShift);
        m.put("exemplarWindow", exemplarWindow);
        m.put("exemplars", exemplars);
        return m;
    }

    private static void check(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("hyperparameter " + name + " is " + value + "; expected " + expected);
        }
    }

    private static double number(Map<String, Object> v, String name) {
        Object o = v.get(name);
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + name + " is '" + o + "'; expected a number");
        }
    }

    private static int whole(Map<String, Object> v, String name) {
        double d = number(v, name);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hyperparameter " + name + " is " + v.get(name)
                    + "; expected a whole number");
        }
        return (int) d;
    }

    private static boolean bool(Map<String, Object> v, String name) {
        Object o = v.get(name);
        if (o instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(o).trim();
        if (List.of("true", "false").contains(s)) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("hyperparameter " + name + " is '" + o + "'; expected true or false");
    }
}
