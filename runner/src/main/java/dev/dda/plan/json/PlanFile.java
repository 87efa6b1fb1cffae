package dev.dda.plan.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.json.Json;
import dev.dda.json.JsonDocument;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved plan ({@code dda plan --out}): the JSON plan plus what apply needs to redo it exactly. It holds no
 * secrets and no desired attributes beyond the redacted plan: apply re-reads the spec, checks that its hash and
 * every resource digest are still those planned, and refuses otherwise.
 *
 * @param specPath the spec file, absolute
 * @param root the local root the plan was made with (--root), or null
 */
public record PlanFile(Plan plan, PlanMode mode, Path specPath, List<Address> targets, Path root) {
    private static final String REMEDY = "it is damaged or was edited; make a new plan with: dda plan --out ";

    public PlanFile {
        targets = List.copyOf(targets);
    }

    public void write(Path file) throws IOException {
        ObjectNode root = PlanCodec.encode(plan, mode);
        ObjectNode apply = root.putObject("apply");
        apply.put("spec_path", specPath.toAbsolutePath().normalize().toString());
        ArrayNode t = apply.putArray("targets");
        targets.forEach(a -> t.add(a.toString()));
        apply.put("root", this.root == null ? null : this.root.toAbsolutePath().normalize().toString());
        // a plan file cut short by a crash would be refused by apply anyway, but an old one must not be half-replaced
        AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /**
     * Reads a plan file, refusing anything dda would not have written: JSON that does not parse, or a document
     * outside the plan schema (each problem with its line:column), or one without the spec hash apply checks.
     */
    public static PlanFile read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("plan file " + file + " does not exist; make one with: dda plan --out " + file, e);
        }
        JsonDocument doc = JsonDocument.parse(file.toString(), bytes, REMEDY + file);
        JsonNode root = doc.root();
        if (root == null || !root.path("apply").hasNonNull("spec_path")) {
            throw new IOException(file + " is not a dda plan file (no apply.spec_path); make one with: dda plan"
                    + " --out " + file);
        }
        List<JsonDocument.Problem> problems = new ArrayList<>(doc.violations("dda-plan.schema.json"));
        if (problems.isEmpty() && root.path("planned_against").path("spec_hash").isNull()) {
            problems.add(new JsonDocument.Problem("/planned_against/spec_hash", "is null, so apply could not tell"
                    + " whether the spec changed since the plan"));
        }
        doc.refuse(problems, "the plan file is not one dda wrote", "make a new plan with: dda plan --out " + file);
        try {
            JsonNode apply = root.get("apply");
            List<Address> targets = new ArrayList<>();
            apply.path("targets").forEach(n -> targets.add(Address.parse(n.asText())));
            Path r = apply.hasNonNull("root") ? Path.of(apply.get("root").asText()) : null;
            return new PlanFile(PlanCodec.decode(root), PlanCodec.mode(root), Path.of(apply.get("spec_path").asText()),
                    targets, r);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage() + "; " + REMEDY + file, e);
        }
    }
}
