package dev.dda.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A stratified split into training, validation and (optional) test images: each class is shuffled with the seed
 * and cut by the same fractions, so small classes keep their share in every part and the same seed gives the
 * same split.
 */
public record Split(List<LabeledImage> train, List<LabeledImage> validation, List<LabeledImage> test) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static Split stratified(List<LabeledImage> images, double validationFraction, double testFraction,
                                   long seed) {
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        List<LabeledImage> test = new ArrayList<>();
        for (int label : new int[] {LabeledImage.NORMAL, LabeledImage.ANOMALY}) {
            List<LabeledImage> cls = new ArrayList<>(images.stream().filter(i -> i.label() == label).toList());
            Collections.shuffle(cls, new Random(seed * 31 + label));
            int nTest = testFraction > 0 ? Math.max(1, (int) Math.round(cls.size() * testFraction)) : 0;
            int nVal = Math.max(1, (int) Math.round(cls.size() * validationFraction));
            if (nTest + nVal >= cls.size()) {
                throw new IllegalArgumentException("class " + label + " has " + cls.size()
                        + " images: too few for a validation" + (nTest > 0 ? " and a test" : "")
                        + " share with images left to train on");
            }
            test.addAll(cls.subList(0, nTest));
            validation.addAll(cls.subList(nTest, nTest + nVal));
            train.addAll(cls.subList(nTest + nVal, cls.size()));
        }
        return new Split(train, validation, test);
    }

    /**
     * For a model that learns from normal images only: the training anomalies join the validation images, where
     * they help choose the threshold instead of lying unused.
     */
    public Split normalsOnly() {
        List<LabeledImage> normals = train.stream().filter(i -> i.label() == LabeledImage.NORMAL).toList();
        List<LabeledImage> checked = new ArrayList<>(validation);
        train.stream().filter(i -> i.label() != LabeledImage.NORMAL).forEach(checked::add);
        return new Split(normals, checked, test);
    }

    public static long count(List<LabeledImage> images, int label) {
        return images.stream().filter(i -> i.label() == label).count();
    }
}
