package dev.dda.target.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One SDK client per service and account, created on first use and closed with the target. Accounts with a role
 * get credentials from STS AssumeRole (with the External ID, revealed only in that request); the account without
 * a role uses the default credential chain. Every client uses the SDK's standard retry mode (throttling and 5xx
 * are retried with jittered backoff) and counts its API calls, which the plan-scale benchmark reports.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsConfig config;
    private final AwsCredentialsProvider own;
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();
    private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final List<AutoCloseable> extras = new ArrayList<>();

    public AwsClients(AwsConfig config) {
        this(config, explained(DefaultCredentialsProvider.builder().build()));
    }

    /**
     * The SDK's own chain, whose failure names all six providers it tried and why each failed (1,500 characters
     * that every message built from it then carries): one sentence instead, the details kept as its cause.
     */
    static AwsCredentialsProvider explained(AwsCredentialsProvider chain) {
        return () -> {
            try {
                return chain.resolveCredentials();
            } catch (SdkClientException e) {
                throw SdkClientException.builder().cause(e).message("no AWS credentials found: set AWS_PROFILE (a"
                        + " profile in ~/.aws), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; dda looks where the"
                        + " AWS CLI looks (environment, profile, web identity, container, instance role)").build();
            }
        };
    }

    public AwsClients(AwsConfig config, AwsCredentialsProvider own) {
        this.config = config;
        this.own = own;
    }

    public AwsConfig config() {
        return config;
    }

    /** API calls made so far by every client (attempts, not retries). */
    public long apiCalls() {
        return calls.get();
    }

    public S3Client s3(String account) {
        return client("s3", account, () -> configure(S3Client.builder(), "s3", account)
                .forcePathStyle(config.endpointFor("s3").isPresent()).build());
    }

    public IamClient iam(String account) {
        // IAM is global: its signing region is us-east-1 whatever the pipeline's region
        return client("iam", account, () -> configure(IamClient.builder(), "iam", account)
                .region(Region.AWS_GLOBAL).build());
    }

    public StsClient sts(String account) {
        return client("sts", account, () -> configure(StsClient.builder(), "sts", account).build());
    }

    public SageMakerClient sageMaker(String account) {
        return client("sagemaker", account, () -> configure(SageMakerClient.builder(), "sagemaker", account).build());
    }

    public GreengrassV2Client greengrass(String account) {
        return client("greengrassv2", account,
                () -> configure(GreengrassV2Client.builder(), "greengrassv2", account).build());
    }

    public IotClient iot(String account) {
        return client("iot", account, () -> configure(IotClient.builder(), "iot", account).build());
    }

    public CloudWatchLogsClient logs(String account) {
        return client("logs", account, () -> configure(CloudWatchLogsClient.builder(), "cloudwatch_logs", account)
                .build());
    }

    public DynamoDbClient dynamoDb(String account) {
        return client("dynamodb", account, () -> configure(DynamoDbClient.builder(), "dynamodb", account).build());
    }

    @SuppressWarnings("unchecked")
    private <C extends AutoCloseable> C client(String service, String account, Supplier<C> create) {
        return (C) clients.computeIfAbsent(service + "/" + account, k -> create.get());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder,
                                                                                           String service,
                                                                                           String account) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentialsFor(account))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new CallCounter(calls)));
        config.endpointFor(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The credentials for an account: the own chain, or an assumed role refreshed before it expires. */
    public AwsCredentialsProvider credentialsFor(String accountName) {
        if (accountName == null) {
            return own;
        }
        AccountRef account = config.account(accountName);
        if (!account.assumesRole()) {
            return own;
        }
        return credentials.computeIfAbsent(accountName, k -> {
            StsClient sts = configure(StsClient.builder(), "sts", null).build();
            synchronized (extras) {
                extras.add(sts);
            }
            return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> {
                        r.roleArn(account.roleArn()).roleSessionName(config.sessionName())
                                .durationSeconds(3600);
                        if (account.externalId() != null) {
                            r.externalId(account.externalId().reveal());
                        }
                    })
                    .build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(AwsClients::quietly);
        credentials.values().forEach(c -> {
            if (c instanceof AutoCloseable a) {
                quietly(a);
            }
        });
        synchronized (extras) {
            extras.forEach(AwsClients::quietly);
        }
        clients.clear();
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing is best effort: a client that fails to close holds nothing we still need
        }
    }

    /** Counts one per API operation, not per retry attempt. */
    private record CallCounter(AtomicLong calls) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.incrementAndGet();
        }
    }
}
