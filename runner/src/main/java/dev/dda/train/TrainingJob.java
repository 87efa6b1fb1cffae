package dev.dda.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trainer as one call, for a target that runs training in process (the local target's
 * {@code ModelTrainer} has this exact shape: pass {@code TrainingJob::run}).
 */
public final class TrainingJob {
    private TrainingJob() {}

    /**
     * Reads the labeled data ({@code data}: a DDA manifest or a normal/ + anomaly/ folder), trains with the
     * spec's hyperparameters, and writes the model package to {@code out}; one progress line per event.
     */
    public static TrainingResult run(Path data, Map<String, Object> hyperparameters, String modelName,
                                     String modelVersion, String sourceCommit, Path out, Consumer<String> progress)
            throws TrainingException {
        Hyperparameters hp;
        try {
            hp = Hyperparameters.fromMap(hyperparameters);
        } catch (IllegalArgumentException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        return new Trainer(event -> progress.accept(ProgressText.of(event))).train(LabeledDataset.read(data), hp,
                new Trainer.ModelName(modelName, modelVersion, sourceCommit), out);
    }
}
