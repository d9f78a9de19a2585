package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SmolForge's own probes of single constructs (golden/jinja-probes/probes.json, made by
 * src/test/python/make_jinja_probes.py with transformers' environment): output and generation spans
 * identical, or the same Python error class and message.
 */
class JinjaProbeTest {
    private static final Clock CLOCK = ConformanceFixtures.clockAt("2025-08-16T10:30:00");

    @SuppressWarnings("unchecked")
    static Stream<Arguments> probes() {
        Map<String, Object> file = ConformanceFixtures.json("jinja-probes/probes.json");
        Map<String, Object> context = (Map<String, Object>) file.get("context");
        return ((List<Map<String, Object>>) file.get("probes")).stream()
                .map(p -> Arguments.of(p.get("name"), p, context));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void rendersLikeJinja2(String name, Map<String, Object> probe, Map<String, Object> context) {
        String source = (String) probe.get("template");
        if (probe.containsKey("error")) {
            assertThatThrownBy(() -> ChatTemplate.of(source, name, Map.of()).withClock(CLOCK).render(context))
                    .isInstanceOf(TemplateError.class)
                    .extracting(e -> ((TemplateError) e).pythonError())
                    .isEqualTo(probe.get("error"));
            return;
        }
        RenderedChat chat = ChatTemplate.of(source, name, Map.of()).withClock(CLOCK).render(context);
        String text = (String) probe.get("output");
        assertThat(chat.text()).isEqualTo(text);
        if (probe.containsKey("generation_indices")) {
            assertThat(chat.generationSpans()).isEqualTo(ConformanceFixtures.toCharSpans(text,
                    (List<List<Integer>>) probe.get("generation_indices")));
        }
    }
}
