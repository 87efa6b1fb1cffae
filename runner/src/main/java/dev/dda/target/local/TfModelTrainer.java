package dev.dda.target.local;

import dev.dda.train.Hyperparameters;
import dev.dda.train.LabeledDataset;
import dev.dda.train.Trainer;
import dev.dda.train.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** dda's TensorFlow Java trainer as the local target's {@link ModelTrainer}: in process, progress as lines. */
public final class TfModelTrainer implements ModelTrainer {
    @Override
    public void train(Path labeledManifest, Map<String, Object> hyperparameters, String modelName, String modelVersion,
                      String sourceCommit, Path out, Consumer<String> progress) throws Exception {
        Hyperparameters hp;
        try {
            hp = Hyperparameters.fromMap(hyperparameters);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyperparameters: " + e.getMessage(), e);
        }
        new Trainer(event -> progress.accept(line(event))).train(LabeledDataset.read(labeledManifest), hp,
                new Trainer.ModelName(modelName, modelVersion, sourceCommit), out);
    }

    static String line(TrainingEvent event) {
        if (event instanceof TrainingEvent.DataReady d) {
            return String.format(Locale.ROOT, "images: train %d normal + %d anomaly, validation %d + %d, test %d + %d",
                    d.trainNormal(), d.trainAnomaly(), d.validationNormal(), d.validationAnomaly(), d.testNormal(),
                    d.testAnomaly());
        }
        if (event instanceof TrainingEvent.EpochDone e) {
            return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  validation AUROC %.3f  %s left", e.epoch(),
                    e.epochs(), e.loss(), e.validationAuroc(), human(e.remaining()));
        }
        if (event instanceof TrainingEvent.Finished f) {
            return String.format(Locale.ROOT, "trained in %s: threshold %.4f, validation AUROC %.3f%s",
                    human(f.result().trainTime()), f.result().threshold(), f.result().validation().auroc(),
                    f.result().test().map(t -> String.format(Locale.ROOT, ", held-out test AUROC %.3f", t.auroc()))
                            .orElse(""));
        }
        return String.valueOf(event);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
