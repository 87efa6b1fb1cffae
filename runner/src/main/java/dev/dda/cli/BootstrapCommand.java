package dev.dda.cli;

import dev.dda.render.TemplateEngine;
import dev.dda.spec.LoadedSpec;
import dev.dda.spec.SpecLoader;
import dev.dda.spec.SpecResult;
import dev.dda.target.aws.AwsClients;
import dev.dda.target.aws.AwsConfig;
import dev.dda.target.aws.Bootstrapper;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dda bootstrap --account NAME}: create the IAM roles an AWS account needs, run as that account. */
public final class BootstrapCommand implements Command {
    @Override
    public String name() {
        return "bootstrap";
    }

    @Override
    public String summary() {
        return "create the IAM roles an AWS account of the spec needs (run with that account's credentials)";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options o = CliOptions.base();
        CliOptions.addSpec(o);
        o.addOption(Option.builder().longOpt("account").hasArg().argName("NAME")
                .desc("the account of the spec's accounts: section to bootstrap").build());
        CommandLine cl = CliOptions.parse(o, args, name());
        if (cl.hasOption("help")) {
            CliOptions.help(o, "dda bootstrap --account NAME [-f FILE]", summary(), console);
            return 0;
        }
        if (!cl.hasOption("account")) {
            throw new UsageException("--account NAME is required (one of the spec's accounts)");
        }
        LoadedSpec spec = load(cl, console);
        if (!"aws".equals(spec.target())) {
            throw new UsageException(CliOptions.specFile(cl) + " targets " + spec.target() + ", which needs no IAM"
                    + " roles; bootstrap prepares the AWS accounts of a spec with target: aws");
        }
        AwsConfig config = AwsConfig.from(spec, console.env(), null);
        if (!config.accounts().containsKey(cl.getOptionValue("account"))) {
            throw new UsageException("--account " + cl.getOptionValue("account") + " is not one of the spec's accounts "
                    + config.accounts().keySet());
        }
        String account = cl.getOptionValue("account");
        try (AwsClients clients = new AwsClients(config)) {
            // the caller's own credentials: an administrator of the account being bootstrapped (clients call AWS
            // only when used, so printing the Portal's policy needs none)
            Bootstrapper b = new Bootstrapper(config, spec.document(), clients.iam(null), clients.sts(null),
                    TemplateEngine.create());
            if (config.homeAccount().map(h -> h.name().equals(account)).orElse(false)) {
                console.out().println("dda runs in account '" + account + "' with its own credentials; attach this"
                        + " policy to that identity (for GitHub Actions, the role in DDA_AWS_ROLE_ARN):");
                console.out().println(b.runnerPolicy());
                if (!b.createsRoles(account)) {
                    return 0;
                }
            }
            b.bootstrap(account, line -> console.out().println(line));
        }
        return 0;
    }

    static LoadedSpec load(CommandLine cl, Console console) throws UsageException {
        SpecResult result = SpecLoader.load(CliOptions.specFile(cl), console.env());
        result.diagnostics().forEach(d -> console.err().println(d.render()));
        if (result.hasErrors() || result.specOrNull() == null) {
            throw new UsageException(CliOptions.specFile(cl) + " has errors; nothing was changed");
        }
        return result.specOrNull();
    }
}
