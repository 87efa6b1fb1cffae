package dev.dda.plan.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dda.graph.Address;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.state.AtomicFiles;
import java.io.IOException;
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

    public static PlanFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException("plan file " + file + " does not exist; make one with: dda plan --out " + file, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a dda plan file: " + e.getOriginalMessage(), e);
        }
        JsonNode apply = root.path("apply");
        if (!root.isObject() || !apply.hasNonNull("spec_path")) {
            throw new IOException(file + " is not a dda plan file (no apply.spec_path); make one with: dda plan"
                    + " --out " + file);
        }
        try {
            List<Address> targets = new ArrayList<>();
            apply.path("targets").forEach(n -> targets.add(Address.parse(n.asText())));
            Path r = apply.hasNonNull("root") ? Path.of(apply.get("root").asText()) : null;
            return new PlanFile(PlanCodec.decode(root), PlanCodec.mode(root), Path.of(apply.get("spec_path").asText()),
                    targets, r);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
