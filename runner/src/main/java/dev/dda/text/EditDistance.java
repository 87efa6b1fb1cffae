package dev.dda.text;

/** Levenshtein distance, for "did you mean" hints. */
public final class EditDistance {
    private EditDistance() {}

    /**
     * The candidate nearest to {@code typed}, when it is at most {@code limit} edits away and not {@code typed}
     * itself (ties: the first). Case is ignored, so that a wrong capital still finds its name.
     */
    public static java.util.Optional<String> closest(String typed, Iterable<String> candidates, int limit) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = typed.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            int d = between(lower, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= limit && !best.equals(typed)
                ? java.util.Optional.of(best) : java.util.Optional.empty();
    }

    public static int between(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
