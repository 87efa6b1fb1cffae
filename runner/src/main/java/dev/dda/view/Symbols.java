package dev.dda.view;

import dev.dda.plan.Action;

/** Terraform's plan symbols, extended for jobs: {@code <=} waits for a running job, {@code reuse} a finished one. */
final class Symbols {
    private Symbols() {}

    static String of(Action a) {
        return switch (a) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case REPLACE -> "-/+";
            case DELETE -> "-";
            case NOOP -> " ";
            case WAIT -> "<=";
            case REUSE -> "reuse";
        };
    }

    /** ANSI colour codes, as terminals and Terraform use them. */
    static String colour(Action a) {
        return switch (a) {
            case CREATE -> "\u001b[32m";
            case UPDATE -> "\u001b[33m";
            case REPLACE -> "\u001b[35m";
            case DELETE -> "\u001b[31m";
            case NOOP -> "";
            case WAIT, REUSE -> "\u001b[36m";
        };
    }
}
