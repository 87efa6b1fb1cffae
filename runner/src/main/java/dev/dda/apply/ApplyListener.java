package dev.dda.apply;

/** Receives apply events. Called from one thread at a time, in the order events happen. */
@FunctionalInterface
public interface ApplyListener {
    void on(ApplyEvent event);

    ApplyListener NONE = event -> { };
}
