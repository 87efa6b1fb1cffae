package dev.dda.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {
    @Test
    void escape_whenQuotesNewlinesAndMarkup_producesOneSafeScalar() {
        assertThat(QuotedScalarFormat.escape("a\"b\\c\nd</script>&\u0001é"))
                .isEqualTo("a\\\"b\\\\c\\nd\\u003c/script\\u003e\\u0026\\u0001\\u00e9");
    }

    @Test
    void escape_whenTemplateSyntaxInValue_leavesItLiteral() {
        assertThat(QuotedScalarFormat.escape("${x} <#list y as z>")).isEqualTo("${x} \\u003c#list y as z\\u003e");
    }

    @Test
    void create_whenInspected_forbidsNewAndApiBuiltIns() throws Exception {
        TemplateEngine engine = TemplateEngine.create();
        // a recipe template only ever sees maps, lists, strings and numbers; ?new must be refused
        assertThatThrownBy(() -> new freemarker.template.Template("t", "<#assign x = 'freemarker.template.utility.Execute'?new()>${x('id')}",
                configurationOf(engine)).process(Map.of(), new java.io.StringWriter()))
                .hasMessageContaining("Execute");
    }

    private static freemarker.template.Configuration configurationOf(TemplateEngine engine) throws Exception {
        java.lang.reflect.Field f = TemplateEngine.class.getDeclaredField("configuration");
        f.setAccessible(true);
        return (freemarker.template.Configuration) f.get(engine);
    }
}
