package dev.dda.cli;

import dev.dda.state.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda unlock}: take over a lock whose holder is gone (a killed CI run). */
public final class UnlockCommand implements Command {
    @Override
    public String name() {
        return "unlock";
    }

    @Override
    public String summary() {
        return "remove a stale lock left by a process that is gone";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        o.addOption(Option.builder().longOpt("force").desc("remove the lock even though its lease has not expired")
                .build());
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda unlock [-f FILE] [--force]", summary(), console);
            return 0;
        }
        try (Workspace ws = Workspace.open(CliOptions.specFile(cl), CliOptions.root(cl), console)) {
            Optional<Lease> current = ws.target.lock().current();
            if (current.isEmpty()) {
                console.out().println("Not locked: nothing to do.");
                return 0;
            }
            Lease l = current.get();
            if (!l.expiredAt(Instant.now()) && !cl.hasOption("force")) {
                console.err().println("dda unlock: the lock is held by " + l.describe() + " and its lease is still"
                        + " valid. If you are sure that process is gone, run: dda unlock --force");
                return 1;
            }
            ws.target.lock().forceRelease();
            console.out().println("Removed the lock held by " + l.describe() + ". The next apply takes it.");
            return 0;
        }
    }
}
