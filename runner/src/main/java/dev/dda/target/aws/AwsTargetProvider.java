package dev.dda.target.aws;

import dev.dda.packaging.EdgeServiceBuild;
import dev.dda.spec.LoadedSpec;
import dev.dda.target.Target;
import dev.dda.target.TargetException;
import dev.dda.target.TargetOptions;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** ServiceLoader entry for {@code target: aws}. */
public final class AwsTargetProvider implements dev.dda.target.TargetProvider {
    @Override
    public String name() {
        return "aws";
    }

    @Override
    public Target open(LoadedSpec spec, TargetOptions options) throws TargetException {
        if (spec.region() == null || spec.region().isBlank()) {
            throw new TargetException(spec.file() + ": target aws needs a region (region: us-east-1, say)");
        }
        Polling polling;
        try {
            polling = Polling.fromEnv(options.env());
        } catch (IllegalArgumentException e) {
            throw new TargetException(e.getMessage(), e);
        }
        try {
            AwsConfig config = AwsConfig.from(spec, options.env(), commit(spec.file(), options));
            AwsClients clients = new AwsClients(config);
            return new AwsTarget(clients, polling, AwsTarget.defaultArtifacts(clients, options.env(),
                    options.localRoot(), EdgeServiceBuild.compileTargets(spec)));
        } catch (IllegalArgumentException e) {
            throw new TargetException(spec.file() + ": " + e.getMessage(), e);
        }
    }

    /** The commit for STS session names: CI's variable when set, else the spec's git checkout, else none. */
    static String commit(Path specFile, TargetOptions options) {
        String ci = options.env().getOrDefault("GITHUB_SHA", options.env().get("DDA_COMMIT"));
        if (ci != null && !ci.isBlank()) {
            return ci;
        }
        Path dir = specFile.toAbsolutePath().getParent();
        try (Repository repo = new FileRepositoryBuilder().findGitDir(dir.toFile()).setMustExist(true).build()) {
            ObjectId head = repo.resolve("HEAD");
            return head == null ? null : head.name();
        } catch (Exception e) {
            return null;
        }
    }
}
