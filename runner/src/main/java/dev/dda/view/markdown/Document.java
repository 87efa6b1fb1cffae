package dev.dda.view.markdown;

import java.util.ArrayList;
import java.util.List;

/**
 * A comment built from self-contained blocks (each closes every tag and fence it opens), so that truncating
 * between blocks can never leave a {@code <details>} or a code fence open. Essential blocks come first; optional
 * blocks are dropped from the first one that does not fit, and a note saying what was left out takes their place.
 */
public final class Document {
    private final List<String> essential = new ArrayList<>();
    private final List<java.util.function.Supplier<String>> optional = new ArrayList<>();

    public Document essential(String block) {
        if (!block.isEmpty()) {
            essential.add(block);
        }
        return this;
    }

    /** Built only while the budget lasts: a plan of thousands of changes renders in time proportional to the limit. */
    public Document optional(java.util.function.Supplier<String> block) {
        optional.add(block);
        return this;
    }

    /**
     * Joins the blocks within {@code maxChars} (counted in UTF-16 units, never fewer than GitHub counts).
     *
     * @param footer always last
     * @param note renders the truncation note for the number of blocks left out
     */
    public String render(int maxChars, String footer, java.util.function.IntFunction<String> note) {
        int reserve = footer.length() + note.apply(essential.size() + optional.size()).length() + 2;
        StringBuilder out = new StringBuilder();
        int omitted = 0;
        for (String block : essential) {
            if (omitted == 0 && fits(out, block, reserve, maxChars)) {
                out.append(block).append('\n');
            } else {
                omitted++;
            }
        }
        for (java.util.function.Supplier<String> supplier : optional) {
            String block = omitted == 0 ? supplier.get() : null;
            if (block != null && block.isEmpty()) {
                continue;
            }
            if (block != null && fits(out, block, reserve, maxChars)) {
                out.append(block).append('\n');
            } else {
                omitted++;
            }
        }
        if (omitted > 0) {
            out.append(note.apply(omitted)).append('\n');
        }
        return out.append(footer).toString();
    }

    private static boolean fits(StringBuilder out, String block, int reserve, int maxChars) {
        return out.length() + block.length() + 1 + reserve <= maxChars;
    }
}
