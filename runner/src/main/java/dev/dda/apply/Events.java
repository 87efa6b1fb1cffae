package dev.dda.apply;

/** Hands events to the listener one at a time, whichever worker thread they come from. */
final class Events {
    private final ApplyListener listener;

    Events(ApplyListener listener) {
        this.listener = listener;
    }

    synchronized void emit(ApplyEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            // A broken renderer must not break an apply half-way; the state is what matters.
        }
    }
}
