package dev.dda.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where commands write. Colour only on a terminal and only when NO_COLOR is unset (no-color.org). */
public record Console(PrintStream out, PrintStream err, boolean color, Map<String, String> env) {
    public static Console system() {
        Map<String, String> env = System.getenv();
        boolean tty = System.console() != null;
        boolean color = tty && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        return new Console(System.out, System.err, color, env);
    }
}
