package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 25 real chat templates x 18 conversations, each compared with what jinja2 3.1.6 rendered in transformers'
 * environment (golden/conformance/golden.json): identical text and generation spans, or the same error
 * (Python class and message) where jinja2 raised one.
 */
class ChatTemplateConformanceTest {
    private static final Map<String, ChatTemplate> TEMPLATES = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() {
        Map<String, Object> golden = ConformanceFixtures.golden();
        Clock clock = ConformanceFixtures.clockAt((String) ((Map<String, Object>) golden.get("env")).get("fixed_now"));
        Map<String, Map<String, Object>> specialTokens = (Map<String, Map<String, Object>>) golden.get("special_tokens");
        Map<String, Map<String, Object>> templates = (Map<String, Map<String, Object>>) golden.get("templates");
        List<Map<String, Object>> cases = ConformanceFixtures.json("conformance/cases.json");
        List<Arguments> out = new ArrayList<>();
        templates.forEach((name, entry) -> {
            Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) entry.get("results");
            for (Map<String, Object> c : cases) {
                String id = (String) c.get("id");
                out.add(Arguments.of(name, id, (Map<String, Object>) c.get("vars"), results.get(id),
                        specialTokens.getOrDefault(name, Map.of()), clock));
            }
        });
        return out.stream();
    }

    private static ChatTemplate template(String name, Map<String, Object> specialTokens, Clock clock) {
        return TEMPLATES.computeIfAbsent(name, n -> ChatTemplate.of(
                ConformanceFixtures.resource("conformance/templates/" + n + ".jinja"), n, specialTokens).withClock(clock));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersLikeJinja2(String name, String caseId, Map<String, Object> vars, Map<String, Object> expected,
                           Map<String, Object> specialTokens, Clock clock) {
        ChatTemplate template = template(name, specialTokens, clock);
        if (expected.containsKey("error")) {
            assertThatThrownBy(() -> template.render(vars))
                    .as("jinja2 raised %s", expected.get("error"))
                    .isInstanceOf(TemplateError.class)
                    .extracting(e -> ((TemplateError) e).pythonError())
                    .isEqualTo(expected.get("error"));
            return;
        }
        RenderedChat chat = template.render(vars);
        String text = (String) expected.get("output");
        assertThat(chat.text()).isEqualTo(text);
        if (expected.containsKey("generation_indices")) {
            assertThat(chat.generationSpans()).isEqualTo(ConformanceFixtures.toCharSpans(text,
                    (List<List<Integer>>) expected.get("generation_indices")));
        }
    }
}
