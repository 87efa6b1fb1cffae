package dev.dda.target.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SageMaker (JSON 1.1, {@code X-Amz-Target: SageMaker.OPERATION}) with what moto lacks: Ground Truth labeling
 * jobs, and training jobs with a real lifecycle (InProgress for a scripted number of describes, then Completed
 * with final metrics or Failed with a reason; a duplicate name is ResourceInUse, as in AWS). Every other operation
 * is forwarded to moto unchanged.
 */
final class SageMakerFake extends JettyFake {
    private final URI moto;
    private final S3Client s3;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, ObjectNode> training = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> labeling = new ConcurrentHashMap<>();
    private final Map<String, Integer> remaining = new ConcurrentHashMap<>();
    /** How a job whose name starts with the key ends: how many InProgress describes first, and the result. */
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    record Script(int describes, boolean fails, String failureReason, Map<String, Double> metrics) {}

    /** What a finished training job leaves in S3 as its model.tar.gz, by job name; null writes nothing. */
    private Function<String, byte[]> models;
    private final java.util.Set<String> written = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger describeFailures = new java.util.concurrent.atomic.AtomicInteger();

    /** A labeling job's workers: the class index they give each image, by its S3 URI. */
    private Function<String, Integer> workers = uri -> uri.contains("/anomaly/") ? 1 : 0;

    SageMakerFake(URI moto, S3Client s3) throws Exception {
        this.moto = moto;
        this.s3 = s3;
    }

    void script(String namePrefix, Script script) {
        scripts.put(namePrefix, script);
    }

    /** The next {@code n} descriptions of a started training job fail with a 500 (SageMaker or the network down). */
    void failDescribes(int n) {
        describeFailures.set(n);
    }

    void models(Function<String, byte[]> trainer) {
        this.models = trainer;
    }

    void workers(Function<String, Integer> labeller) {
        this.workers = labeller;
    }

    ObjectNode trainingRequest(String name) {
        return training.get(name);
    }

    ObjectNode labelingRequest(String name) {
        return labeling.get(name);
    }

    @Override
    String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    String operation(Call call) {
        String target = call.headers().getOrDefault("x-amz-target", "");
        return target.substring(target.indexOf('.') + 1);
    }

    static Reply error(int status, String type, String message) {
        return new Reply(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}", Map.of());
    }

    @Override
    Reply handle(Call call) throws Exception {
        JsonNode body = call.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(call.body());
        return switch (operation(call)) {
            case "CreateTrainingJob" -> create(training, body.get("TrainingJobName").asText(), body, "training-job");
            case "DescribeTrainingJob" -> training.containsKey(body.get("TrainingJobName").asText())
                    && describeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? error(500, "InternalFailure", "We encountered an internal error. Please try again.")
                    : describeTraining(body.get("TrainingJobName").asText());
            case "CreateLabelingJob" -> create(labeling, body.get("LabelingJobName").asText(), body, "labeling-job");
            case "DescribeLabelingJob" -> describeLabeling(body.get("LabelingJobName").asText());
            default -> forward(call);
        };
    }

    private Reply create(Map<String, ObjectNode> jobs, String name, JsonNode body, String kind) {
        if (jobs.putIfAbsent(name, (ObjectNode) body) != null) {
            return error(400, "ResourceInUse", kind + " " + name + " already exists");
        }
        remaining.put(name, script(name).describes());
        String arnKey = kind.equals("training-job") ? "TrainingJobArn" : "LabelingJobArn";
        return Reply.json(Map.of(arnKey, "arn:aws:sagemaker:us-east-1:" + AwsFixtures.USECASE + ":" + kind + "/" + name));
    }

    private Script script(String name) {
        return scripts.entrySet().stream().filter(e -> name.startsWith(e.getKey()))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(new Script(1, false, null, Map.of("auroc", 0.97)));
    }

    /** Counts one describe; true while the job is still running. */
    private boolean running(String name) {
        return remaining.merge(name, -1, Integer::sum) >= 0;
    }

    private Reply describeTraining(String name) {
        ObjectNode job = training.get(name);
        if (job == null) {
            return error(400, "ValidationException", "Requested resource not found: could not find training job " + name);
        }
        Script s = script(name);
        ObjectNode out = JSON.createObjectNode();
        out.put("TrainingJobName", name);
        out.put("TrainingJobArn", "arn:aws:sagemaker:us-east-1:" + AwsFixtures.USECASE + ":training-job/" + name);
        out.set("AlgorithmSpecification", job.get("AlgorithmSpecification"));
        out.put("CreationTime", 1.7e9);
        if (running(name)) {
            out.put("TrainingJobStatus", "InProgress");
            out.put("SecondaryStatus", "Training");
        } else if (s.fails()) {
            out.put("TrainingJobStatus", "Failed");
            out.put("SecondaryStatus", "Failed");
            out.put("FailureReason", s.failureReason());
        } else {
            out.put("TrainingJobStatus", "Completed");
            out.put("SecondaryStatus", "Completed");
            String artifacts = job.get("OutputDataConfig").get("S3OutputPath").asText() + name + "/output/model.tar.gz";
            out.putObject("ModelArtifacts").put("S3ModelArtifacts", artifacts);
            if (models != null && written.add(name)) {
                URI u = URI.create(artifacts);
                s3.putObject(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)),
                        RequestBody.fromBytes(models.apply(name)));
            }
            var metrics = out.putArray("FinalMetricDataList");
            s.metrics().forEach((k, v) -> metrics.addObject().put("MetricName", k).put("Value", v));
        }
        return new Reply(200, out.toString(), Map.of());
    }

    private Reply describeLabeling(String name) throws Exception {
        ObjectNode job = labeling.get(name);
        if (job == null) {
            return error(400, "ResourceNotFound", "Could not find labeling job " + name);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("LabelingJobName", name);
        out.put("LabelingJobArn", "arn:aws:sagemaker:us-east-1:" + AwsFixtures.USECASE + ":labeling-job/" + name);
        out.put("LabelAttributeName", job.get("LabelAttributeName").asText());
        out.put("CreationTime", 1.7e9);
        out.put("LastModifiedTime", 1.7e9);
        out.set("InputConfig", job.get("InputConfig"));
        out.set("OutputConfig", job.get("OutputConfig"));
        out.put("RoleArn", job.get("RoleArn").asText());
        out.set("HumanTaskConfig", job.get("HumanTaskConfig"));
        out.put("JobReferenceCode", "fake");
        Script s = script(name);
        if (running(name)) {
            out.put("LabelingJobStatus", "InProgress");
            out.putObject("LabelCounters").put("TotalLabeled", 0).put("Unlabeled", 1);
        } else if (s.fails()) {
            out.put("LabelingJobStatus", "Failed");
            out.put("FailureReason", s.failureReason());
        } else {
            out.put("LabelingJobStatus", "Completed");
            String manifest = writeOutputManifest(name, job);
            out.putObject("LabelingJobOutput").put("OutputDatasetS3Uri", manifest);
        }
        return new Reply(200, out.toString(), Map.of());
    }

    /** What Ground Truth writes when workers are done: the input lines plus the label and its metadata. */
    private String writeOutputManifest(String name, ObjectNode job) throws Exception {
        String input = job.get("InputConfig").get("DataSource").get("S3DataSource").get("ManifestS3Uri").asText();
        String attr = job.get("LabelAttributeName").asText();
        JsonNode categories = JSON.readTree(read(job.get("LabelCategoryConfigS3Uri").asText()));
        StringBuilder lines = new StringBuilder();
        for (String line : read(input).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode l = (ObjectNode) JSON.readTree(line);
            int cls = workers.apply(l.get("source-ref").asText());
            l.put(attr, cls);
            l.putObject(attr + "-metadata").put("class-name", categories.get("labels").get(cls).get("label").asText())
                    .put("confidence", 0.95).put("type", "groundtruth/image-classification")
                    .put("job-name", "labeling-job/" + name).put("human-annotated", "yes")
                    .put("creation-date", "2026-01-01T00:00:00.000000");
            lines.append(l).append('\n');
        }
        String out = job.get("OutputConfig").get("S3OutputPath").asText();
        String uri = (out.endsWith("/") ? out : out + "/") + name + "/manifests/output/output.manifest";
        URI u = URI.create(uri);
        s3.putObject(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)), RequestBody.fromString(lines.toString()));
        return uri;
    }

    private String read(String s3Uri) {
        URI u = URI.create(s3Uri);
        return s3.getObjectAsBytes(b -> b.bucket(u.getHost()).key(u.getPath().substring(1))).asUtf8String();
    }

    private Reply forward(Call call) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(moto.resolve(call.path()))
                .POST(HttpRequest.BodyPublishers.ofString(call.body()));
        for (String h : List.of("x-amz-target", "authorization", "x-amz-date", "content-type", "x-amz-security-token")) {
            if (call.headers().containsKey(h)) {
                b.header(h, call.headers().get(h));
            }
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), Map.of());
    }
}
