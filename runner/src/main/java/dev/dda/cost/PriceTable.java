package dev.dda.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * List prices kept in the repository ({@code dda/prices.json}) with the date they were taken, so that a cost in a
 * plan can always be traced to a reviewed number. Never fetched at plan time: plans must be reproducible offline.
 */
public final class PriceTable {
    public static final String RESOURCE = "dda/prices.json";
    private final JsonNode root;

    private PriceTable(JsonNode root) {
        this.root = root;
    }

    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the runner's classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static PriceTable parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        if (root == null || !root.path("asOf").isTextual()) {
            throw new IOException("a price table needs its 'asOf' date");
        }
        return new PriceTable(root);
    }

    /** The date the list prices were taken (YYYY-MM-DD). */
    public String asOf() {
        return root.path("asOf").asText();
    }

    /** The on-demand price of one training instance for one hour. */
    public Optional<BigDecimal> trainingHourly(String region, String instanceType) {
        return decimal(root.path("training").path("hourly").path(region).path(instanceType));
    }

    /** SageMaker's own stopping condition when a job sets none: the worst case for an unset max runtime. */
    public long defaultMaxRuntimeSeconds() {
        return root.path("training").path("defaultMaxRuntimeSeconds").asLong(86400);
    }

    /** Ground Truth's price per labeled object (its first, most expensive tier). */
    public BigDecimal groundTruthPerObject() {
        return decimal(root.path("groundTruth").path("perObject")).orElseThrow();
    }

    /** The public (Mechanical Turk) workforce's price per task per worker for a task type; empty if unknown. */
    public Optional<BigDecimal> publicWorkforcePerTask(String task) {
        return decimal(root.path("groundTruth").path("publicWorkforcePerTaskPerWorker").path(task));
    }

    public int defaultWorkersPerObject() {
        return root.path("groundTruth").path("defaultWorkersPerObject").asInt(1);
    }

    private static Optional<BigDecimal> decimal(JsonNode n) {
        return n.isNumber() ? Optional.of(n.decimalValue()) : Optional.empty();
    }
}
