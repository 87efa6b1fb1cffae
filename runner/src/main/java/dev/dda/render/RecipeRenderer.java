package dev.dda.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders Greengrass recipes from {@code templates/greengrass/}, derives each component's version from its content
 * ({@link ContentVersion}) and checks the result ({@link RecipeChecker}) before anyone can use it.
 *
 * <p>Artifact URIs follow the GDK layout {@code BASE/COMPONENT/VERSION/FILE}; the local component store and the
 * local device resolve them by the same three names.
 */
public final class RecipeRenderer {
    public static final String EDGE_TEMPLATE = "greengrass/edge-service.recipe.yaml.ftl";
    public static final String MODEL_TEMPLATE = "greengrass/model.recipe.yaml.ftl";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * Where an artifact's URI points under the base. {@code GDK}: {@code BASE/COMPONENT/VERSION/FILE}, as the GDK
     * and the local component store lay them out. {@code CONTENT_ADDRESSED}: {@code BASE/STEM/SHA256/FILE}, as on
     * S3, so a file shared by many component versions (the edge app, a 160 MB native build) is uploaded once; the
     * last segment stays the file name because Greengrass names the downloaded file, and the folder it unpacks a
     * ZIP into, after it, and the recipes' scripts use those names.
     */
    public enum ArtifactLayout { GDK, CONTENT_ADDRESSED }

    private final TemplateEngine engine;
    private final String artifactBase;
    private final ArtifactLayout layout;

    /** @param artifactBase such as {@code s3://dda-component-us-east-1-123456789012} (no trailing slash) */
    public RecipeRenderer(TemplateEngine engine, String artifactBase) {
        this(engine, artifactBase, ArtifactLayout.GDK);
    }

    public RecipeRenderer(TemplateEngine engine, String artifactBase, ArtifactLayout layout) {
        if (!artifactBase.startsWith("s3://") || artifactBase.endsWith("/")) {
            throw new IllegalArgumentException("artifact base must be s3://BUCKET[/PREFIX] without a trailing '/': "
                    + artifactBase);
        }
        this.engine = engine;
        this.artifactBase = artifactBase;
        this.layout = layout;
    }

    public RenderedRecipe renderEdgeService(EdgeServiceRecipe in) throws IOException, RecipeException {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", in.componentName());
        model.put("description", "dda edge service: HTTP inference (POST /predict, Open Inference Protocol v2) "
                + "on Jetty and TensorFlow Java");
        model.put("publisher", in.publisher());
        model.put("port", in.port());
        model.put("host", in.host());
        model.put("javaOptions", in.javaOptions());
        model.put("startupTimeoutSeconds", in.startupTimeoutSeconds());
        List<Map<String, Object>> platforms = new ArrayList<>();
        List<RecipeArtifact> artifacts = new ArrayList<>();
        artifacts.add(in.app());
        for (CompileTarget t : in.platforms()) {
            RecipeArtifact nat = in.natives().get(t);
            artifacts.add(nat);
            Map<String, Object> p = platform(t);
            p.put("classifier", t.nativeClassifier());
            p.put("appDir", in.app().baseName());
            p.put("nativeFile", nat.fileName());
            p.put("app", artifactRef(in.app()));
            p.put("native", artifactRef(nat));
            platforms.add(p);
        }
        model.put("platforms", platforms);
        return finish(EDGE_TEMPLATE, in.componentName(), in.major(), model, artifacts);
    }

    public RenderedRecipe renderModel(ModelRecipe in) throws IOException, RecipeException {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", in.componentName());
        model.put("description", in.friendlyName() + ": model " + in.modelName() + " " + in.modelVersion()
                + " for " + in.target().id() + ", served by " + in.edgeComponentName());
        model.put("publisher", in.publisher());
        model.put("friendlyName", in.friendlyName());
        model.put("modelName", in.modelName());
        model.put("modelVersion", in.modelVersion());
        model.put("target", in.target().id());
        model.put("loadTimeoutSeconds", in.loadTimeoutSeconds());
        model.put("anomalyThreshold", in.anomalyThreshold());
        model.put("normalThreshold", in.normalThreshold());
        List<Map<String, Object>> metrics = new ArrayList<>();
        new TreeMap<>(in.metrics()).forEach((k, v) -> metrics.add(Map.of("name", k, "value", v)));
        model.put("metrics", metrics);
        model.put("edgeName", in.edgeComponentName());
        model.put("edgeMajor", in.edgeMajor());
        model.put("platform", platform(in.target()));
        model.put("zipBase", in.modelZip().baseName());
        model.put("artifact", artifactRef(in.modelZip()));
        return finish(MODEL_TEMPLATE, in.componentName(), in.major(), model, List.of(in.modelZip()));
    }

    /** Derives the version from template + inputs, fills in version and URIs, renders and checks. */
    private RenderedRecipe finish(String template, String name, int major, Map<String, Object> model,
                                  List<RecipeArtifact> artifacts) throws IOException, RecipeException {
        if (!RecipeChecker.validName(name)) {
            throw new RecipeException(name, List.of(new RecipeProblem("ComponentName", "'" + name
                    + "' is not a valid component name: use 1 to 128 letters, digits, '.', '_' or '-', "
                    + "outside the aws.greengrass. and amazon. namespaces")));
        }
        String version = ContentVersion.of(major, ContentVersion.digest(engine.source(template),
                layout == ArtifactLayout.GDK ? artifactBase : artifactBase + "#" + layout,
                canonical(model)));
        model.put("version", version);
        resolveUris(model, name, version);
        String text = engine.render(template, model);
        RecipeChecker.require(name + " " + version, text);
        return new RenderedRecipe(name, version, text, artifacts);
    }

    public String artifactUri(String component, String version, String fileName) {
        return artifactBase + "/" + component + "/" + version + "/" + fileName;
    }

    /** The URI of an artifact of a component version, in this renderer's layout. */
    public String artifactUri(String component, String version, RecipeArtifact artifact) {
        if (layout == ArtifactLayout.GDK) {
            return artifactUri(component, version, artifact.fileName());
        }
        String name = artifact.fileName();
        String stem = name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.')) : name;
        return artifactBase + "/" + stem + "/" + artifact.sha256Hex() + "/" + name;
    }

    private static Map<String, Object> platform(CompileTarget t) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("os", t.os());
        p.put("architecture", t.architecture());
        if (t.accelerator() != null) {
            p.put("accelerator", t.accelerator());
        }
        return p;
    }

    private static Map<String, Object> artifactRef(RecipeArtifact a) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("fileName", a.fileName());
        ref.put("digest", a.digestBase64());
        return ref;
    }

    @SuppressWarnings("unchecked")
    private void resolveUris(Object node, String component, String version) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (m.containsKey("fileName") && m.containsKey("digest")) {
                String hex = java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder()
                        .decode((String) m.get("digest")));
                m.put("uri", artifactUri(component, version, new RecipeArtifact((String) m.get("fileName"), hex)));
            }
            m.values().forEach(v -> resolveUris(v, component, version));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> resolveUris(v, component, version));
        }
    }

    private static String canonical(Map<String, Object> model) {
        try {
            return CANONICAL.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
