package dev.dda.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dda.render.TemplateEngine;
import java.lang.reflect.Method;
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
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The access role that bootstrap creates in a use-case account allows every AWS operation dda's handlers call
 * there: each SDK operation found in the target's source is mapped to its IAM action, and the rendered policy
 * must grant it. A new call without a mapping fails here, so the policy cannot silently fall behind the code.
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
            Map.entry("filterLogEvents", "logs:FilterLogEvents"));

    /** The operations of the clients used through the access role that the target's source calls. */
    private static Set<String> calledOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        for (Class<?> client : List.of(S3Client.class, IotClient.class, GreengrassV2Client.class,
                SageMakerClient.class, CloudWatchLogsClient.class)) {
            for (Method m : client.getMethods()) {
                if (m.getDeclaringClass() == client && m.isDefault()) { // the SDK's operations are default methods
                    operations.add(m.getName().replaceAll("Paginator$", ""));
                }
            }
        }
        operations.removeAll(Set.of("serviceName", "close", "utilities", "waiter", "serviceClientConfiguration"));
        Set<String> called = new TreeSet<>();
        Pattern call = Pattern.compile("\\.([a-z][A-Za-z0-9]+)\\(");
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> !PORTAL_ONLY.contains(p.getFileName().toString())).toList()) {
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

    private static Set<String> allowed() throws Exception {
        String text = TemplateEngine.create().render("iam/access-role-policy.json.ftl", Map.of("region", "us-east-1",
                "accountId", "111122223333", "buckets", List.of("dda-alien-output"), "hostsJobs", true,
                "sageMakerRole", "arn:aws:iam::111122223333:role/DDASageMakerExecutionRole"));
        Set<String> out = new TreeSet<>();
        for (JsonNode statement : new ObjectMapper().readTree(text).get("Statement")) {
            JsonNode action = statement.get("Action");
            (action.isArray() ? action : new ObjectMapper().createArrayNode().add(action))
                    .forEach(a -> out.add(a.asText().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    @Test
    void accessRole_whenRendered_allowsEveryOperationTheHandlersCall() throws Exception {
        Set<String> called = calledOperations();
        assertThat(called).as("operations found in the source").contains("createDeployment", "createTrainingJob",
                "putObject", "deleteThingGroup", "listCoreDevices");
        Map<String, String> unmapped = new TreeMap<>();
        called.stream().filter(op -> !ACTIONS.containsKey(op)).forEach(op -> unmapped.put(op, "?"));
        assertThat(unmapped).as("SDK operations the handlers call without an IAM action in this test").isEmpty();
        Set<String> allowed = allowed();
        Map<String, String> missing = new TreeMap<>();
        called.forEach(op -> {
            if (!allowed.contains(ACTIONS.get(op).toLowerCase(Locale.ROOT))) {
                missing.put(op, ACTIONS.get(op));
            }
        });
        assertThat(missing).as("operations the access role does not allow").isEmpty();
    }
}
