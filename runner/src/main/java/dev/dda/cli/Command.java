package dev.dda.cli;

import java.util.List;

/** One {@code dda} subcommand. Returns the process exit code: 0 success, 1 error, 2 "changes" where asked. */
public interface Command {
    String name();

    String summary();

    int run(List<String> args, Console console) throws Exception;
}
