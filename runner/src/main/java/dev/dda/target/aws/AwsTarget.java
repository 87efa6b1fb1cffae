package dev.dda.target.aws;

import dev.dda.packaging.EdgeDistribution;
import dev.dda.render.CompileTarget;
import dev.dda.render.TemplateEngine;
import java.nio.file.Path;
import java.util.Set;
import dev.dda.state.LeaseLock;
import dev.dda.state.StateStore;
import dev.dda.target.ResourceHandler;
import dev.dda.target.Target;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code aws} target: one handler per resource kind, state in S3, the lock in DynamoDB. */
public final class AwsTarget implements Target {
    private final AwsClients clients;
    private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
    private final S3StateStore state;
    private final DynamoDbLeaseLock lock;

    public AwsTarget(AwsClients clients) {
        this(clients, Polling.DEFAULT, defaultArtifacts(clients, System.getenv(), Path.of(".dda"), Set.of()));
    }

    /** @param artifacts where component artifacts go, with the edge service build they are made from */
    AwsTarget(AwsClients clients, Polling polling, ArtifactStore artifacts) {
        this.clients = clients;
        AwsConfig config = clients.config();
        TemplateEngine templates = TemplateEngine.create();
        handlers.put("account", new AccountHandler(clients));
        handlers.put("bucket", new BucketHandler(clients, templates));
        handlers.put("dataset", new DatasetHandler(clients));
        handlers.put("labeling", new LabelingHandler(clients, polling, templates));
        handlers.put("training", new TrainingHandler(clients, polling));
        Publications publications = new Publications(artifacts);
        handlers.put("compile", new CompileHandler(clients, polling, artifacts));
        handlers.put("component", new ComponentHandler(clients, polling, publications));
        handlers.put("fleet", new FleetHandler(clients));
        handlers.put("deployment", new DeploymentHandler(clients, polling, publications));
        AwsConfig.StateLocation where = config.state();
        this.state = new S3StateStore(clients.s3(where.account()), where.bucket(), where.key(), config.region());
        this.lock = new DynamoDbLeaseLock(clients.dynamoDb(where.account()), where.lockTable(), config.pipeline(),
                Clock.systemUTC(), System.getProperty("user.name", "dda"));
    }

    /**
     * The edge service as built in this checkout ({@code DDA_HOME/edge/target} or the working directory's), for
     * the spec's compile targets; digests cached under {@code ROOT/cache}.
     */
    static ArtifactStore defaultArtifacts(AwsClients clients, Map<String, String> env, Path root,
                                         Set<CompileTarget> targets) {
        EdgeDistribution edge = new EdgeDistribution(EdgeDistribution.locateEdgeTarget(env),
                EdgeDistribution.defaultMavenRepository(env), root.resolve("cache"));
        return new ArtifactStore(clients, edge, targets);
    }

    void register(String kind, ResourceHandler handler) {
        handlers.put(kind, handler);
    }

    public AwsClients clients() {
        return clients;
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public Optional<ResourceHandler> handler(String kind) {
        return Optional.ofNullable(handlers.get(kind));
    }

    @Override
    public StateStore stateStore() {
        return state;
    }

    @Override
    public LeaseLock lock() {
        return lock;
    }

    @Override
    public void close() {
        clients.close();
    }
}
