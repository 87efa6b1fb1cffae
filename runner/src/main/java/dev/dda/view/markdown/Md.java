package dev.dda.view.markdown;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown and HTML escaping for text that comes from specs, targets and file names: such text must never open
 * a tag, a table cell, a link, or a mention in a pull-request comment.
 */
public final class Md {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private Md() {}

    /** Plain text: HTML-escaped, with Markdown's active characters backslash-escaped, on one line. */
    public static String text(String s) {
        return escape(s, true);
    }

    /**
     * Text inside a raw HTML block (a {@code <summary>} line): GitHub does not apply Markdown there, so
     * backslash escapes would show; only HTML-escape it, and defuse mentions.
     */
    public static String html(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean markdown) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '@' -> out.append("&#64;");
                case '\n', '\r' -> out.append(' ');
                case '|' -> out.append(markdown ? "&#124;" : "|");
                case '*', '_', '[', ']', '`', '\\', '#', '~' -> out.append(markdown ? "\\" : "").append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Inline code that is safe in a table cell and in an HTML {@code <summary>}: {@code <code>} with escaping. */
    public static String code(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16).append("<code>");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '|' -> out.append("&#124;");
                case '*' -> out.append("&#42;");
                case '_' -> out.append("&#95;");
                case '@' -> out.append("&#64;");
                case '[' -> out.append("&#91;");
                case '~' -> out.append("&#126;");
                case '`' -> out.append("&#96;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.append("</code>").toString();
    }

    /** A fenced block whose fence is longer than any run of backticks inside, so content can never close it. */
    public static String fence(String language, String body) {
        int longest = 0;
        Matcher m = BACKTICKS.matcher(body);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        String f = "`".repeat(Math.max(3, longest + 1));
        return f + language + "\n" + body + (body.endsWith("\n") ? "" : "\n") + f + "\n";
    }

    /** At most {@code max} characters, cut with an ellipsis and never inside a surrogate pair. */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
