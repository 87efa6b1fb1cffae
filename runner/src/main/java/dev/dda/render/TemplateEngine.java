package dev.dda.render;

import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.OrMatcher;
import freemarker.core.OutputFormat;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Freemarker, set up so that a value from a spec can never run template code or break the document: the safe
 * class resolver (no {@code ?new} of any class), no API access, errors that fail instead of printing into the
 * output. Values interpolated into YAML templates ({@code *.yaml.ftl}) are auto-escaped as double-quoted scalars by
 * {@link QuotedScalarFormat}; a JSON template opts in with {@code <#ftl output_format="dda-json">}. Interpolated
 * text is never parsed again, so a value holding {@code ${...}} stays literal text. Numbers print in computer
 * format ({@code 18500}, never {@code 18,500}).
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
        cfg.setRegisteredCustomOutputFormats(List.<OutputFormat>of(QuotedScalarFormat.YAML, QuotedScalarFormat.JSON));
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_DEFAULT_AUTO_ESCAPING_POLICY);
        cfg.setNumberFormat("c");
        cfg.setCFormat(freemarker.core.JSONCFormat.INSTANCE);
        cfg.setBooleanFormat("c");
        TemplateConfiguration yaml = new TemplateConfiguration();
        yaml.setOutputFormat(QuotedScalarFormat.YAML);
        cfg.setTemplateConfigurations(new ConditionalTemplateConfigurationFactory(
                new OrMatcher(new FileNameGlobMatcher("*.yaml.ftl"), new FileNameGlobMatcher("*.yml.ftl")), yaml));
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

    /** The template's source text: part of a rendered document's content digest, so a template change is a change. */
    public String source(String name) throws IOException {
        return configuration.getTemplate(name).toString();
    }
}
