package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.render.TemplateEngine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;

@ExtendWith(MotoServer.class)
class BootstrapAndLogsTest {
    private AwsClients clients;
    private final Map<String, Object> document = Map.of("buckets", Map.of(
            "data", Map.of("account", "data", "name", "dda-alien-bucket",
                    "grants", List.of(Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "read"))),
            "output", Map.of("account", "usecase", "name", "dda-alien-output",
                    "grants", List.of(Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "write")))));

    @BeforeEach
    void setUp() throws Exception {
        AwsFixtures.buckets.clear();
        AwsFixtures.buckets.put("data", new AwsConfig.BucketRef("data", "dda-alien-bucket"));
        AwsFixtures.buckets.put("output", new AwsConfig.BucketRef("usecase", "dda-alien-output"));
        clients = AwsFixtures.clients(MotoServer.get().endpoint());
    }

    @AfterEach
    void tearDown() {
        clients.close();
        AwsFixtures.buckets.clear();
    }

    private Bootstrapper bootstrapper(String actingAs) {
        // acting with credentials inside that account, as an administrator of it would
        return new Bootstrapper(clients.config(), document, clients.iam(actingAs), clients.sts(actingAs),
                TemplateEngine.create());
    }

    @Test
    void bootstrap_whenRunTwiceInUseCaseAccount_createsRolesTrustingPortalWithExternalIdAndPrintsNoSecret()
            throws Exception {
        List<String> lines = new ArrayList<>();
        bootstrapper("usecase").bootstrap("usecase", lines::add);
        List<String> arns = bootstrapper("usecase").bootstrap("usecase", lines::add);

        assertThat(arns).containsExactly("arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDAPortalAccessRole",
                "arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDASageMakerExecutionRole");
        IamClient iam = clients.iam("usecase");
        String trust = URLDecoder.decode(iam.getRole(b -> b.roleName("DDAPortalAccessRole")).role()
                .assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertThat(trust).contains("arn:aws:iam::" + AwsFixtures.PORTAL + ":root").contains("sts:ExternalId")
                .contains("uc-external-id-1234");
        String policy = URLDecoder.decode(iam.getRolePolicy(b -> b.roleName("DDASageMakerExecutionRole")
                .policyName("dda")).policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).contains("arn:aws:s3:::dda-alien-output/*").contains("s3:PutObject");
        assertThat(String.join("\n", lines)).doesNotContain("uc-external-id-1234").contains("(secret sha256:");
    }

    @Test
    void bootstrap_whenCredentialsAreOfAnotherAccount_refusesAndSaysWhichAreNeeded() {
        assertThatThrownBy(() -> bootstrapper(null).bootstrap("data", l -> { }))
                .hasMessageContaining("must run with that account's credentials")
                .hasMessageContaining(AwsFixtures.PORTAL);
    }

    @Test
    void deviceLogs_whenLogManagerWroteThem_readsComponentGroupAndThingStreamOnly() throws Exception {
        CloudWatchLogsClient logs = clients.logs("usecase");
        String group = LogReader.componentGroup("us-east-1", "com.example.Detector");
        String day = LogReader.DAY.format(LocalDate.now(ZoneOffset.UTC));
        logs.createLogGroup(b -> b.logGroupName(group));
        for (String thing : List.of("dda_edge_server_1", "other_device")) {
            String stream = "/" + day + "/thing/" + thing;
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(e -> e
                    .timestamp(Instant.now().toEpochMilli()).message("hello from " + thing)));
        }
        String training = "/aws/sagemaker/TrainingJobs";
        logs.createLogGroup(b -> b.logGroupName(training));
        logs.createLogStream(b -> b.logGroupName(training).logStreamName("det-1234/algo-1-1700000000"));
        logs.putLogEvents(b -> b.logGroupName(training).logStreamName("det-1234/algo-1-1700000000").logEvents(e -> e
                .timestamp(Instant.now().toEpochMilli()).message("epoch 1 auroc=0.91")));
        LogReader reader = new LogReader(logs, "us-east-1");

        List<String> device = new ArrayList<>();
        reader.deviceLogs("dda_edge_server_1", null, Instant.now().minusSeconds(3600), l -> device.add(l.message()));
        List<String> job = new ArrayList<>();
        reader.trainingLogs("det-1234", l -> job.add(l.message()));

        assertThat(device).containsExactly("hello from dda_edge_server_1");
        assertThat(job).containsExactly("epoch 1 auroc=0.91");
    }
}
