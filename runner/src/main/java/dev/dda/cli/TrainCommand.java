package dev.dda.cli;

import dev.dda.train.Hyperparameters;
import dev.dda.train.LabeledDataset;
import dev.dda.train.LabeledImage;
import dev.dda.train.ProgressText;
import dev.dda.train.SageMakerJob;
import dev.dda.train.Trainer;
import dev.dda.train.TrainingEvent;
import dev.dda.train.TrainingException;
import dev.dda.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda train}: trains the defect classifier on labeled images and writes a model package. */
public final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a defect detector on labeled images and write a model package";
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("data").hasArg().argName("DIR|MANIFEST")
                .desc("folder with normal/ and anomaly/ sub-folders, or a DDA manifest (.jsonl)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("MODEL_DIR")
                .desc("model package folder to write (replaced if it holds a package)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("N").desc("random seed").build());
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("passes over the data (the cnn method: implies --set method=cnn)").build());
        o.addOption(Option.builder().longOpt("image-size").hasArg().argName("N").desc("model input side").build());
        o.addOption(Option.builder().longOpt("learning-rate").hasArg().argName("X").desc("Adam step (the cnn method: implies --set method=cnn)").build());
        o.addOption(Option.builder().longOpt("test-split").hasArg().argName("F")
                .desc("fraction of each class held out and evaluated once at the end (default 0)").build());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE")
                .desc("any other hyperparameter, e.g. --set channels=1 (repeatable)").build());
        o.addOption(Option.builder().longOpt("name").hasArg().argName("NAME").desc("model name").build());
        o.addOption(Option.builder().longOpt("version").hasArg().argName("V").desc("model version").build());
        o.addOption(Option.builder().longOpt("quiet").desc("no per-epoch progress").build());
        o.addOption(Option.builder().longOpt("sagemaker").hasArg().optionalArg(true).argName("ROOT")
                .desc("run as dda's SageMaker training container: read the job from /opt/ml (or ROOT), write the "
                        + "model to its model/ folder and the metrics to standard output").build());
        o.addOption(Option.builder("h").longOpt("help").desc("this help").build());
        return o;
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        CommandLine cmd = CliOptions.parse(options(), args, "train");
        if (cmd.hasOption("help")) {
            java.io.PrintWriter w = new java.io.PrintWriter(console.out(), true);
            new HelpFormatter().printHelp(w, 100, "dda train --data DIR|MANIFEST --out MODEL_DIR",
                    "", options(), 2, 2, "hyperparameters and defaults: " + Hyperparameters.allDefaults());
            w.flush();
            return 0;
        }
        if (cmd.hasOption("sagemaker")) {
            Path root = cmd.getOptionValue("sagemaker") == null ? SageMakerJob.DEFAULT_ROOT
                    : Path.of(cmd.getOptionValue("sagemaker"));
            return sageMaker(root, console, cmd.hasOption("quiet"));
        }
        if (!cmd.hasOption("data") || !cmd.hasOption("out")) {
            throw new UsageException("--data and --out are required, e.g. dda train --data examples/data/aliens"
                    + " --out build/model");
        }
        Hyperparameters hp;
        try {
            hp = Hyperparameters.fromMap(hyperparameters(cmd));
        } catch (IllegalArgumentException e) {
            // the message speaks the spec's language; here a hyperparameter is set with --set NAME=VALUE
            throw new UsageException(e.getMessage().replaceAll("add (\\w+): (\\w+)", "add --set $1=$2"));
        }
        Path data = Path.of(cmd.getOptionValue("data"));
        Path out = Path.of(cmd.getOptionValue("out"));
        List<LabeledImage> images = LabeledDataset.read(data);
        String name = cmd.getOptionValue("name", "defect-detector");
        String version = cmd.getOptionValue("version", "1.0.0");
        boolean quiet = cmd.hasOption("quiet");
        TrainingResult r = new Trainer(e -> print(e, console, quiet))
                .train(images, hp, new Trainer.ModelName(name, version, null), out);
        console.out().println("model package written to " + r.packageDir());
        return 0;
    }

    /** One SageMaker training job: its failure reason goes where SageMaker reads it, as well as to stderr. */
    private static int sageMaker(Path root, Console console, boolean quiet) throws Exception {
        try {
            SageMakerJob job = SageMakerJob.read(root);
            Hyperparameters hp = Hyperparameters.fromMap(job.hyperparameters());
            TrainingResult r = new Trainer(e -> print(e, console, quiet)).train(job.images(), hp,
                    new Trainer.ModelName(job.modelName(), job.modelVersion(), null), job.modelDir());
            printMetrics("", r.validation().toMap(), console);
            r.test().ifPresent(t -> printMetrics("test_", t.toMap(), console));
            console.out().println("model package written to " + r.packageDir());
            return 0;
        } catch (TrainingException | IllegalArgumentException e) {
            Path failure = SageMakerJob.failureFile(root);
            Files.createDirectories(failure.getParent());
            Files.writeString(failure, e.getMessage());
            throw e;
        }
    }

    private static void printMetrics(String prefix, Map<String, Object> metrics, Console console) {
        metrics.forEach((name, value) -> {
            if (value instanceof Number n) {
                console.out().println(SageMakerJob.metricLine(prefix + name, n.doubleValue()));
            }
        });
    }

    private static Map<String, Object> hyperparameters(CommandLine cmd) throws UsageException {
        Map<String, Object> hp = new LinkedHashMap<>();
        String[] sets = cmd.getOptionValues("set");
        for (String s : sets == null ? new String[0] : sets) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new UsageException("--set " + s + ": expected NAME=VALUE, e.g. --set channels=1");
            }
            hp.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        Map<String, String> flags = Map.of("seed", "seed", "epochs", "epochs", "image-size", "imageSize",
                "learning-rate", "learningRate", "test-split", "testSplit");
        flags.forEach((flag, key) -> {
            if (cmd.hasOption(flag)) {
                hp.put(key, cmd.getOptionValue(flag));
            }
        });
        // these two flags exist for the CNN alone: asking for them is asking for it, unless --set says otherwise
        if ((cmd.hasOption("epochs") || cmd.hasOption("learning-rate")) && !hp.containsKey("method")) {
            hp.put("method", "cnn");
        }
        return hp;
    }

    private static void print(TrainingEvent event, Console console, boolean quiet) {
        boolean everyEpoch = !(event instanceof TrainingEvent.EpochDone e) || !quiet || e.epoch() == e.epochs();
        if (everyEpoch) {
            console.out().println(ProgressText.of(event));
        }
    }
}
