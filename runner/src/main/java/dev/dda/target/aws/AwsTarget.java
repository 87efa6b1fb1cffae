package dev.dda.target.aws;

import dev.dda.render.TemplateEngine;
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
        this(clients, Polling.DEFAULT);
    }

    public AwsTarget(AwsClients clients, Polling polling) {
        this.clients = clients;
        AwsConfig config = clients.config();
        TemplateEngine templates = TemplateEngine.create();
        handlers.put("account", new AccountHandler(clients));
        handlers.put("bucket", new BucketHandler(clients, templates));
        handlers.put("dataset", new DatasetHandler(clients));
        handlers.put("labeling", new LabelingHandler(clients, polling, templates));
        handlers.put("training", new TrainingHandler(clients, polling));
        handlers.put("compile", new CompileHandler(clients, polling));
        handlers.put("component", new ComponentHandler(clients, polling));
        handlers.put("fleet", new FleetHandler(clients));
        handlers.put("deployment", new DeploymentHandler(clients, polling));
        AwsConfig.StateLocation where = config.state();
        this.state = new S3StateStore(clients.s3(where.account()), where.bucket(), where.key(), config.region());
        this.lock = new DynamoDbLeaseLock(clients.dynamoDb(where.account()), where.lockTable(), config.pipeline(),
                Clock.systemUTC(), System.getProperty("user.name", "dda"));
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
