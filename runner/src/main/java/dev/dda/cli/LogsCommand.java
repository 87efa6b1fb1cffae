package dev.dda.cli;

import dev.dda.graph.Address;
import dev.dda.spec.LoadedSpec;
import dev.dda.state.ResourceState;
import dev.dda.target.TargetException;
import dev.dda.target.aws.AwsClients;
import dev.dda.target.aws.AwsConfig;
import dev.dda.target.aws.LogReader;
import dev.dda.target.aws.S3StateStore;
import dev.dda.target.local.LocalLogs;
import dev.dda.target.local.LocalTarget;
import dev.dda.target.local.TrainingHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dda logs --device NAME [--component C] [--follow]} and {@code dda logs --training NAME}: CloudWatch Logs
 * under the names Greengrass LogManager and SageMaker really write; on the local target, the log files its devices
 * write.
 */
public final class LogsCommand implements Command {
    @Override
    public String name() {
        return "logs";
    }

    @Override
    public String summary() {
        return "show a device's component logs or a training job's logs (CloudWatch Logs; local: the device's files)";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        o.addOption(Option.builder().longOpt("device").hasArg().argName("THING").desc("a device (IoT thing name)").build());
        o.addOption(Option.builder().longOpt("component").hasArg().argName("NAME").desc("only this component").build());
        o.addOption(Option.builder().longOpt("follow").desc("keep printing new lines").build());
        o.addOption(Option.builder().longOpt("since").hasArg().argName("DURATION").desc("how far back, e.g. 1h, 2d (default 1h)").build());
        o.addOption(Option.builder().longOpt("training").hasArg().argName("NAME").desc("a training of the spec, or a job name").build());
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda logs (--device THING [--component C] [--follow] | --training NAME) [-f FILE]",
                    summary(), console);
            return 0;
        }
        if (cl.hasOption("device") == cl.hasOption("training")) {
            throw new UsageException("give either --device THING or --training NAME");
        }
        LoadedSpec spec = BootstrapCommand.load(cl, console);
        if (LocalTarget.NAME.equals(spec.target())) {
            return localLogs(cl, spec, console);
        }
        AwsConfig config = AwsConfig.from(spec, console.env(), null);
        try (AwsClients clients = new AwsClients(config)) {
            String account = config.greengrassAccount();
            LogReader reader = new LogReader(clients.logs(account), config.region());
            if (cl.hasOption("training")) {
                reader.trainingLogs(jobName(cl.getOptionValue("training"), clients, config), l ->
                        console.out().println(l.time() + " " + l.stream() + " " + l.message()));
                return 0;
            }
            Instant since = Instant.now().minus(duration(cl.getOptionValue("since", "1h")));
            String component = cl.getOptionValue("component");
            do {
                Instant last = reader.deviceLogs(cl.getOptionValue("device"), component, since, l -> console.out()
                        .println(l.time() + " " + l.group().substring(l.group().lastIndexOf('/') + 1) + " " + l.message()));
                since = last.plusMillis(1);
                if (cl.hasOption("follow")) {
                    Thread.sleep(5000);
                }
            } while (cl.hasOption("follow"));
            return 0;
        }
    }

    /**
     * The local target's device logs, from the files its devices write. With --follow, what is appended is printed
     * each second, whole lines only; a file that shrank (started afresh) is read again from its start.
     */
    private static int localLogs(CommandLine cl, LoadedSpec spec, Console console) throws Exception {
        Path root = Workspace.localRoot(CliOptions.root(cl), spec, console.env());
        if (cl.hasOption("training")) {
            throw new UsageException("the local target trains inside dda apply, which prints the training's progress"
                    + " as it runs; its finished jobs are under " + TrainingHandler.jobsRoot(root));
        }
        if (cl.hasOption("since")) {
            throw new UsageException("--since reads CloudWatch Logs; a local device's log files are printed whole");
        }
        Map<String, Path> files;
        try {
            files = LocalLogs.of(root, cl.getOptionValue("device"), cl.getOptionValue("component"));
        } catch (TargetException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, Long> printed = new HashMap<>();
        do {
            for (Map.Entry<String, Path> f : files.entrySet()) {
                printed.put(f.getKey(), printFrom(f.getKey(), f.getValue(), printed.getOrDefault(f.getKey(), 0L),
                        console.out()));
            }
            if (cl.hasOption("follow")) {
                Thread.sleep(1000);
            }
        } while (cl.hasOption("follow"));
        return 0;
    }

    /**
     * Prints the whole lines of {@code file} after byte {@code from}, each after its component; the new offset.
     * Only what lies past the offset is read: --follow comes back every second to a file that keeps growing.
     */
    static long printFrom(String component, Path file, long from, PrintStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = size < from ? 0 : from;
            byte[] bytes = new byte[(int) (size - start)];
            // up to the size seen above: lines appended meanwhile wait for the next round
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int n = 0;
            while (buffer.hasRemaining() && n >= 0) {
                n = channel.read(buffer, start + buffer.position());
            }
            int end = 0;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    out.println(component + " " + new String(bytes, end, i - end, StandardCharsets.UTF_8));
                    end = i + 1;
                }
            }
            return start + end;
        }
    }

    /** A training of the spec resolves to its job through the state; anything else is taken as a job name. */
    private static String jobName(String training, AwsClients clients, AwsConfig config) throws Exception {
        AwsConfig.StateLocation where = config.state();
        Optional<ResourceState> r = new S3StateStore(clients.s3(where.account()), where.bucket(), where.key(),
                config.region()).load().flatMap(s -> s.get(Address.of("training", training)));
        return r.map(ResourceState::jobRef).filter(j -> j != null).orElse(training);
    }

    static Duration duration(String text) throws UsageException {
        try {
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new UsageException("--since " + text + " is not a duration such as 30m, 2h or 1d");
        }
    }
}
