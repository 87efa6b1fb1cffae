package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.render.TemplateEngine;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The policies bootstrap writes or prints allow every AWS operation dda calls under them: each SDK operation found
 * in the target's source is mapped to its IAM action, and the rendered policy must grant it. A new call without a
 * mapping fails here, so the policies cannot silently fall behind the code. The access role covers the handlers;
 * the runner's policy (the Portal identity's) the state and the lock.
 */
class AccessRolePolicyTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/dda/target/aws");
    /** Calls made with the Portal account's own credentials (state and lock), not through the access role. */
    private static final Set<String> PORTAL_ONLY = Set.of("S3StateStore.java", "DynamoDbLeaseLock.java",
            "Bootstrapper.java");

    /** SDK operation → the IAM action it needs (case does not matter in IAM). */
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("createBucket", "s3:CreateBucket"), Map.entry("deleteBucket", "s3:DeleteBucket"),
            Map.entry("headBucket", "s3:ListBucket"), Map.entry("listObjectsV2", "s3:ListBucket"),
            // forceDestroy deletes versions by id, which also needs s3:DeleteObjectVersion (granted beside it)
            Map.entry("listObjectVersions", "s3:ListBucketVersions"),
            Map.entry("getBucketCors", "s3:GetBucketCORS"), Map.entry("putBucketCors", "s3:PutBucketCORS"),
            Map.entry("deleteBucketCors", "s3:PutBucketCORS"),
            Map.entry("getBucketEncryption", "s3:GetEncryptionConfiguration"),
            Map.entry("putBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("getBucketPolicy", "s3:GetBucketPolicy"), Map.entry("putBucketPolicy", "s3:PutBucketPolicy"),
            Map.entry("getBucketTagging", "s3:GetBucketTagging"), Map.entry("putBucketTagging", "s3:PutBucketTagging"),
            Map.entry("getBucketVersioning", "s3:GetBucketVersioning"),
            Map.entry("putBucketVersioning", "s3:PutBucketVersioning"),
            Map.entry("getPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
            Map.entry("putPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("getObject", "s3:GetObject"), Map.entry("getObjectAsBytes", "s3:GetObject"),
            Map.entry("headObject", "s3:GetObject"), Map.entry("putObject", "s3:PutObject"),
            Map.entry("createMultipartUpload", "s3:PutObject"), Map.entry("uploadPart", "s3:PutObject"),
            Map.entry("completeMultipartUpload", "s3:PutObject"),
            Map.entry("abortMultipartUpload", "s3:AbortMultipartUpload"), Map.entry("deleteObjects", "s3:DeleteObject"),
            Map.entry("createThingGroup", "iot:CreateThingGroup"), Map.entry("deleteThingGroup", "iot:DeleteThingGroup"),
            Map.entry("describeThingGroup", "iot:DescribeThingGroup"), Map.entry("listThingGroups", "iot:ListThingGroups"),
            Map.entry("listThingsInThingGroup", "iot:ListThingsInThingGroup"),
            Map.entry("addThingToThingGroup", "iot:AddThingToThingGroup"),
            Map.entry("removeThingFromThingGroup", "iot:RemoveThingFromThingGroup"),
            Map.entry("createComponentVersion", "greengrass:CreateComponentVersion"),
            Map.entry("describeComponent", "greengrass:DescribeComponent"),
            Map.entry("getComponent", "greengrass:GetComponent"), Map.entry("deleteComponent", "greengrass:DeleteComponent"),
            Map.entry("createDeployment", "greengrass:CreateDeployment"),
            Map.entry("getDeployment", "greengrass:GetDeployment"), Map.entry("listDeployments", "greengrass:ListDeployments"),
            Map.entry("cancelDeployment", "greengrass:CancelDeployment"),
            Map.entry("listCoreDevices", "greengrass:ListCoreDevices"),
            Map.entry("listEffectiveDeployments", "greengrass:ListEffectiveDeployments"),
            Map.entry("listInstalledComponents", "greengrass:ListInstalledComponents"),
            Map.entry("createTrainingJob", "sagemaker:CreateTrainingJob"),
            Map.entry("describeTrainingJob", "sagemaker:DescribeTrainingJob"),
            Map.entry("createCompilationJob", "sagemaker:CreateCompilationJob"),
            Map.entry("describeCompilationJob", "sagemaker:DescribeCompilationJob"),
            Map.entry("createLabelingJob", "sagemaker:CreateLabelingJob"),
            Map.entry("describeLabelingJob", "sagemaker:DescribeLabelingJob"),
            Map.entry("describeLogGroups", "logs:DescribeLogGroups"),
            Map.entry("describeLogStreams", "logs:DescribeLogStreams"), Map.entry("getLogEvents", "logs:GetLogEvents"),
            Map.entry("filterLogEvents", "logs:FilterLogEvents"),
            Map.entry("createTable", "dynamodb:CreateTable"), Map.entry("describeTable", "dynamodb:DescribeTable"),
            Map.entry("getItem", "dynamodb:GetItem"), Map.entry("putItem", "dynamodb:PutItem"),
            Map.entry("deleteItem", "dynamodb:DeleteItem"), Map.entry("updateItem", "dynamodb:UpdateItem"));

    /** The operations of {@code clients} that the target's source files matching {@code files} call. */
    private static Set<String> calledOperations(List<Class<?>> clients, java.util.function.Predicate<String> files)
            throws Exception {
        Set<String> operations = new TreeSet<>();
        for (Class<?> client : clients) {
            for (Method m : client.getMethods()) {
                if (m.getDeclaringClass() == client && m.isDefault()) { // the SDK's operations are default methods
                    operations.add(m.getName().replaceAll("Paginator$", ""));
                }
            }
        }
        operations.removeAll(Set.of("serviceName", "close", "utilities", "waiter", "serviceClientConfiguration"));
        Set<String> called = new TreeSet<>();
        Pattern call = Pattern.compile("\\.([a-z][A-Za-z0-9]+)\\(");
        try (Stream<Path> sources = Files.list(SOURCES)) {
            for (Path f : sources.filter(p -> files.test(p.getFileName().toString())).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    String op = m.group(1).replaceAll("Paginator$", "");
                    if (operations.contains(op)) {
                        called.add(op);
                    }
                }
            }
        }
        return called;
    }

    private static Set<String> actionsOf(String policy) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode statement : new ObjectMapper().readTree(policy).get("Statement")) {
            JsonNode action = statement.get("Action");
            (action.isArray() ? action : new ObjectMapper().createArrayNode().add(action))
                    .forEach(a -> out.add(a.asText().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** The called operations the policy does not allow, by operation, or those without a mapping here ("?"). */
    private static Map<String, String> notAllowed(Set<String> called, String policy) throws Exception {
        Set<String> allowed = actionsOf(policy);
        Map<String, String> missing = new TreeMap<>();
        for (String op : called) {
            String action = ACTIONS.get(op);
            if (action == null || !allowed.contains(action.toLowerCase(Locale.ROOT))) {
                missing.put(op, action == null ? "?" : action);
            }
        }
        return missing;
    }

    @Test
    void accessRole_whenRendered_allowsEveryOperationTheHandlersCall() throws Exception {
        Set<String> called = calledOperations(List.of(S3Client.class, IotClient.class, GreengrassV2Client.class,
                SageMakerClient.class, CloudWatchLogsClient.class), f -> !PORTAL_ONLY.contains(f));
        String policy = TemplateEngine.create().render("iam/access-role-policy.json.ftl", Map.of("region",
                "us-east-1", "accountId", "111122223333", "buckets", List.of("dda-alien-output"), "hostsJobs", true,
                "sageMakerRole", "arn:aws:iam::111122223333:role/DDASageMakerExecutionRole"));

        assertThat(called).as("operations found in the source").contains("createDeployment", "createTrainingJob",
                "putObject", "deleteThingGroup", "listCoreDevices");
        assertThat(notAllowed(called, policy)).as("operations the access role does not allow").isEmpty();
    }

    @Test
    void runnerPolicy_whenRendered_allowsTheStateTheLockAndEveryAccessRole() throws Exception {
        Set<String> called = calledOperations(List.of(S3Client.class, DynamoDbClient.class),
                f -> f.equals("S3StateStore.java") || f.equals("DynamoDbLeaseLock.java"));
        String policy = new Bootstrapper(AwsFixtures.config(URI.create("http://127.0.0.1:1"), Map.of()), Map.of(),
                null, null, TemplateEngine.create()).runnerPolicy();

        assertThat(called).as("operations found in the source").contains("putItem", "getObjectAsBytes", "createTable");
        assertThat(notAllowed(called, policy)).as("operations the runner policy does not allow").isEmpty();
        assertThat(policy).contains("sts:AssumeRole", "arn:aws:iam::" + AwsFixtures.USECASE + ":role/DDAPortalAccessRole",
                "arn:aws:iam::" + AwsFixtures.DATA + ":role/DDAPortalDataAccessRole", "arn:aws:s3:::dda-state-test",
                ":table/dda-locks");
    }
}
