package dev.dda.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A finished run: where its package is, the threshold, and how it did.
 *
 * @param validation the images that chose the threshold
 * @param test held-out images never used for training or the threshold, when the run kept some
 */
public record TrainingResult(Path packageDir, double threshold, Evaluation validation, Optional<Evaluation> test,
                             int epochs, double finalLoss, Duration trainTime) {}
