package dev.dda.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * An auto-escaping Freemarker output format for values placed inside a double-quoted scalar: a JSON string or a
 * YAML double-quoted scalar (YAML's double-quoted escapes are a superset of JSON's). Every {@code ${x}} is escaped,
 * so a spec value such as {@code "; rm -rf /} or {@code "\nkey: evil} stays one string and cannot add keys,
 * close the quotes or smuggle control characters. {@code <}, {@code >} and {@code &} are escaped as well, so a
 * rendered document can also be embedded in HTML ({@code </script>}) without change.
 */
public final class QuotedScalarFormat extends CommonMarkupOutputFormat<QuotedScalarFormat.Model> {
    /** For {@code *.yaml.ftl} and {@code *.yml.ftl} templates. */
    public static final QuotedScalarFormat YAML = new QuotedScalarFormat("dda-yaml", "application/yaml");
    /** For templates that declare {@code <#ftl output_format="dda-json">}. */
    public static final QuotedScalarFormat JSON = new QuotedScalarFormat("dda-json", "application/json");

    private final String name;
    private final String mimeType;

    private QuotedScalarFormat(String name, String mimeType) {
        this.name = name;
        this.mimeType = mimeType;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMimeType() {
        return mimeType;
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(escape(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return escape(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Model newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Model(plainTextContent, markupContent, this);
    }

    /** The body of a double-quoted JSON/YAML string holding {@code s}; ASCII-only output. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escaped text in this format. */
    public static final class Model extends CommonTemplateMarkupOutputModel<Model> {
        private final QuotedScalarFormat format;

        Model(String plainTextContent, String markupContent, QuotedScalarFormat format) {
            super(plainTextContent, markupContent);
            this.format = format;
        }

        @Override
        public QuotedScalarFormat getOutputFormat() {
            return format;
        }
    }
}
