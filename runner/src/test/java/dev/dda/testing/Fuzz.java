package dev.dda.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The loop of a mutation fuzz test: damaged inputs are read one after another, and a reader may only succeed or
 * refuse the way it promises. A failure is named by its exception type and first frame, with the case and the
 * input that provoke it; the tests are seeded, so the case reproduces it.
 */
public final class Fuzz {
    private static final int FAILURES_SHOWN = 10;

    /** Reads one damaged input. */
    @FunctionalInterface
    public interface Attempt {
        void read(String input) throws Exception;
    }

    private Fuzz() {}

    /** The cases a test runs: {@code -Ddda.fuzz.cases=N}, else its default. */
    public static int cases(int defaultCases) {
        return Integer.getInteger("dda.fuzz.cases", defaultCases);
    }

    /**
     * Reads {@code inputs.apply(0 .. cases-1)}: an exception of type {@code refusal} (with a message) is the
     * promised refusal; any other exception, or a stack overflow, fails the test.
     */
    public static void assertReadOrRefused(String what, int cases, IntFunction<String> inputs,
                                           Class<? extends Exception> refusal, Attempt attempt) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < cases && failures.size() < FAILURES_SHOWN; i++) {
            String input = inputs.apply(i);
            try {
                attempt.read(input);
            } catch (Exception | StackOverflowError e) {
                if (refusal != null && refusal.isInstance(e)) {
                    assertThat(e.getMessage()).as("%s case %d", what, i).isNotBlank();
                } else {
                    StackTraceElement[] trace = e.getStackTrace();
                    failures.putIfAbsent(e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : ""),
                            what + " case " + i + ": " + e + "\n" + input);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The same for a reader that promises never to throw (it reports problems in what it returns). */
    public static void assertNeverThrows(String what, int cases, IntFunction<String> inputs, Attempt attempt) {
        assertReadOrRefused(what, cases, inputs, null, attempt);
    }
}
