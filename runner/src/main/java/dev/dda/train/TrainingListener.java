package dev.dda.train;

/** Receives progress while a model trains. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = event -> { };

    void on(TrainingEvent event);
}
