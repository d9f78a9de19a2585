package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Differential test against jinja2: 3,000 random templates (golden/jinja-fuzz/cases.json, made by
 * src/test/python/make_jinja_fuzz.py with transformers' environment) must give the same text and
 * generation spans, or the same Python error class and message.
 */
class JinjaDifferentialTest {
    private static final Clock CLOCK = ConformanceFixtures.clockAt("2025-08-16T10:30:00");

    @SuppressWarnings("unchecked")
    @Test
    void randomTemplatesRenderLikeJinja2() {
        Map<String, Object> file = ConformanceFixtures.json("jinja-fuzz/cases.json");
        Map<String, Object> context = (Map<String, Object>) file.get("context");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> c = cases.get(i);
            String expected = c.containsKey("error") ? "error " + c.get("error")
                    : "text " + c.get("output") + " spans " + ConformanceFixtures.toCharSpans((String) c.get("output"),
                            (List<List<Integer>>) c.get("generation_indices"));
            String actual;
            try {
                RenderedChat chat = ChatTemplate.of((String) c.get("template"), "fuzz-" + i, Map.of()).withClock(CLOCK).render(context);
                actual = "text " + chat.text() + " spans " + chat.generationSpans();
            } catch (TemplateError e) {
                actual = "error " + e.pythonError();
            }
            if (!actual.equals(expected)) {
                mismatches.add("case " + i + ": " + c.get("template") + "\n  jinja2: " + expected + "\n  ours:   " + actual);
            }
        }
        assertThat(mismatches).as("%d of %d cases differ", mismatches.size(), cases.size()).isEmpty();
    }
}
