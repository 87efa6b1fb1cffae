package dev.dda.target.aws;

import dev.dda.target.TargetException;
import java.util.Map;

/**
 * Ground Truth's built-in task types: the label attribute, the worker UI template, and the pre-annotation and
 * consolidation Lambdas, whose ARNs live in an AWS account that differs per region (the DDA portal hard-coded the
 * us-east-1 one for every region). The twelve regions, their accounts and the PRE-/ACS- function names are those
 * the SageMaker API reference lists under HumanTaskConfig.PreHumanTaskLambdaArn and
 * AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn (checked against it on 2026-11-26).
 */
record GroundTruthTasks(String task, String labelAttribute, String template, String lambdaSuffix, String keyword) {
    private static final Map<String, String> LAMBDA_ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "432418664414"), Map.entry("us-east-2", "266458841044"),
            Map.entry("us-west-2", "081040173940"), Map.entry("ca-central-1", "918755190332"),
            Map.entry("eu-west-1", "568282634449"), Map.entry("eu-west-2", "487402164563"),
            Map.entry("eu-central-1", "203001061592"), Map.entry("ap-northeast-1", "477331159723"),
            Map.entry("ap-northeast-2", "845288260483"), Map.entry("ap-south-1", "565803892007"),
            Map.entry("ap-southeast-1", "377565633583"), Map.entry("ap-southeast-2", "454466003867"));

    static GroundTruthTasks of(String task) throws TargetException {
        return switch (task == null ? "classification" : task) {
            case "classification" -> new GroundTruthTasks("classification", "class", "groundtruth/classification.liquid.ftl",
                    "ImageMultiClass", "Image Classification");
            case "bounding-box" -> new GroundTruthTasks("bounding-box", "bounding-box", "groundtruth/bounding-box.liquid.ftl",
                    "BoundingBox", "Bounding Box");
            case "segmentation" -> new GroundTruthTasks("segmentation", "semantic-segmentation-ref",
                    "groundtruth/segmentation.liquid.ftl", "SemanticSegmentation", "Image Segmentation");
            default -> throw new TargetException("labeling task '" + task + "' is not one of classification, "
                    + "bounding-box, segmentation");
        };
    }

    String preAnnotationLambda(String region) throws TargetException {
        return "arn:aws:lambda:" + region + ":" + account(region) + ":function:PRE-" + lambdaSuffix;
    }

    String consolidationLambda(String region) throws TargetException {
        return "arn:aws:lambda:" + region + ":" + account(region) + ":function:ACS-" + lambdaSuffix;
    }

    private static String account(String region) throws TargetException {
        String account = LAMBDA_ACCOUNTS.get(region);
        if (account == null) {
            throw new TargetException("Ground Truth built-in labeling is not known in region " + region
                    + "; dda knows " + new java.util.TreeSet<>(LAMBDA_ACCOUNTS.keySet()));
        }
        return account;
    }
}
