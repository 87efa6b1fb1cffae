package dev.dda.train;

import java.time.Duration;

/** What a training run reports while it works; the CLI prints these, the trainer never does. */
public sealed interface TrainingEvent {
    /** Images read and split; counts are normal/anomaly per part. */
    record DataReady(int trainNormal, int trainAnomaly, int validationNormal, int validationAnomaly,
                     int testNormal, int testAnomaly, Duration elapsed) implements TrainingEvent {}

    /** One epoch done: mean training loss, AUROC on the validation images, and an estimate of the time left. */
    record EpochDone(int epoch, int epochs, double loss, double validationAuroc, Duration elapsed,
                     Duration remaining) implements TrainingEvent {}

    /**
     * The exemplar model is fitted: how many exemplars it keeps of the training normals, and its scale (the
     * median distance of the unseen normals, which scores one half).
     */
    record ExemplarsFitted(int exemplars, int normals, double scale, Duration elapsed) implements TrainingEvent {}

    /** The model package is written. */
    record Finished(TrainingResult result) implements TrainingEvent {}
}
