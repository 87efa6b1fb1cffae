package dev.dda.render;

import freemarker.core.OutputFormat;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Freemarker, set up so that a value from a spec can never run template code or break the document: the safe
 * class resolver (no {@code ?new} of arbitrary classes), no API access, errors that fail instead of printing
 * into the output. Values are emitted through escaping built-ins of the output format (JSON strings with
 * {@code ?c} under {@code c_format "JSON"}; YAML as JSON-style quoted scalars), never raw.
 *
 * <p>Templates load from the classpath folder {@code dda/templates/} (the repository's {@code templates/}).
 */
public final class TemplateEngine {
    private final Configuration configuration;

    private TemplateEngine(Configuration configuration) {
        this.configuration = configuration;
    }

    public static TemplateEngine create() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassLoaderForTemplateLoading(TemplateEngine.class.getClassLoader(), "dda/templates");
        cfg.setDefaultEncoding("UTF-8");
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setRegisteredCustomOutputFormats(java.util.List.<OutputFormat>of());
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_DEFAULT_AUTO_ESCAPING_POLICY);
        return new TemplateEngine(cfg);
    }

    /** Renders {@code templates/NAME} with the given model; throws with the template's line on any error. */
    public String render(String name, Map<String, ?> model) throws IOException {
        Template template = configuration.getTemplate(name);
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            throw new IOException("template " + name + " failed: " + e.getMessageWithoutStackTop(), e);
        }
        return out.toString();
    }
}
