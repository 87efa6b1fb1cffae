package dev.dda.target.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Trains a model package from a labeled manifest: the training handler's one dependency on the trainer. */
@FunctionalInterface
public interface ModelTrainer {
    /**
     * Writes a model package ({@code manifest.json}, {@code saved_model/}, metrics) into {@code out}.
     *
     * @param hyperparameters as the spec gives them
     * @param progress one line per progress event (epoch, loss, validation AUROC, time left)
     */
    void train(Path labeledManifest, Map<String, Object> hyperparameters, String modelName, String modelVersion,
               String sourceCommit, Path out, Consumer<String> progress) throws Exception;
}
