package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** 99 one-construct probes (golden/conformance/features.json), each rendered by jinja2 3.1.6 in transformers' environment. */
class JinjaFeatureConformanceTest {
    private static final Clock CLOCK = ConformanceFixtures.clockAt("2025-08-16T10:30:00");

    @SuppressWarnings("unchecked")
    static Stream<Arguments> features() {
        Map<String, Object> file = ConformanceFixtures.json("conformance/features.json");
        Map<String, Object> context = (Map<String, Object>) file.get("context");
        return ((java.util.List<Map<String, Object>>) file.get("features")).stream()
                .map(f -> Arguments.of(f.get("name"), f, context));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("features")
    void rendersLikeJinja2(String name, Map<String, Object> feature, Map<String, Object> context) {
        String source = (String) feature.get("template");
        if (feature.containsKey("error")) {
            assertThatThrownBy(() -> ChatTemplate.of(source, name, Map.of()).withClock(CLOCK).render(context))
                    .as("jinja2 raised %s", feature.get("error"))
                    .isInstanceOf(TemplateError.class)
                    .extracting(e -> ((TemplateError) e).pythonError())
                    .isEqualTo(feature.get("error"));
            return;
        }
        assertThat(ChatTemplate.of(source, name, Map.of()).withClock(CLOCK).render(context).text())
                .isEqualTo(feature.get("output"));
    }
}
