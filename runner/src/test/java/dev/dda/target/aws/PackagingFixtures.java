package dev.dda.target.aws;

import dev.dda.packaging.EdgeDistribution;
import dev.dda.render.CompileTarget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the packaging reads, tiny: an edge service build folder (a jar, a library, a "native build" of a few
 * bytes) and a trained model package as SageMaker stores it ({@code model.tar.gz} of {@code /opt/ml/model}). The
 * SavedModel is never loaded by packaging or recipes, so its files are placeholders.
 */
final class PackagingFixtures {
    static final String OUTPUT = "dda-alien-output";

    private PackagingFixtures() {}

    static ArtifactStore artifacts(AwsClients clients, Path dir) throws Exception {
        Path edge = dir.resolve("edge");
        Files.createDirectories(edge.resolve("lib"));
        Files.writeString(edge.resolve("dda-edge.jar"), "edge service jar");
        Files.writeString(edge.resolve("lib/jetty-server-12.jar"), "a library");
        Files.writeString(edge.resolve("lib/tensorflow-core-native-1.1.0-linux-x86_64.jar"), "native build");
        EdgeDistribution dist = new EdgeDistribution(edge, dir.resolve("m2"), dir.resolve("cache"));
        return new ArtifactStore(clients, dist, Set.of(CompileTarget.X86_64_CPU));
    }

    /** A model package {@code det/VERSION} in a model.tar.gz, with a training report that must not ship. */
    static byte[] modelTarGz(String version, String weights) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("det/" + version + "/manifest.json", "{\"formatVersion\":\"1\",\"name\":\"det\",\"version\":\""
                + version + "\",\"anomalyThreshold\":0.42,\"metrics\":{\"auroc\":0.97},\"files\":{"
                + "\"saved_model/saved_model.pb\":\"x\",\"metrics.json\":\"y\"}}");
        files.put("det/" + version + "/saved_model/saved_model.pb", "graph");
        files.put("det/" + version + "/saved_model/variables/variables.data-00000-of-00001", weights);
        files.put("det/" + version + "/metrics.json", "{\"auroc\":0.97}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Puts a finished training's model in the output bucket; returns its s3:// URI. */
    static String putModel(S3Client s3, String job, byte[] tarGz) {
        try {
            s3.createBucket(b -> b.bucket(OUTPUT));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            // created by an earlier test
        }
        String key = "models/training/" + job + "/output/model.tar.gz";
        s3.putObject(b -> b.bucket(OUTPUT).key(key), RequestBody.fromBytes(tarGz));
        return "s3://" + OUTPUT + "/" + key;
    }

    /** The outputs the training handler records for a finished dda TensorFlow training. */
    static Map<String, Object> trained(String modelArtifacts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("framework", "tensorflow");
        out.put("account", "usecase");
        out.put("modelArtifacts", modelArtifacts);
        out.put("outputBucket", OUTPUT);
        out.put("outputPrefix", "models/training/");
        out.put("metrics", Map.of("auroc", 0.97));
        return out;
    }
}
