package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smolforge.template.jinja.RenderLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates are user input: hostile ones must fail with a TemplateError, never crash or hang the service. */
class SandboxTest {
    private static RenderedChat render(String source) {
        return ChatTemplate.of(source, "hostile", Map.of()).render(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
    }

    private static void assertFailsWith(String source, String kind) {
        assertThatThrownBy(() -> render(source))
                .isInstanceOf(TemplateError.class)
                .satisfies(e -> assertThat(((TemplateError) e).kind()).isEqualTo(kind));
    }

    @Test
    void endlessNestedLoopStopsAtTheIterationLimit() {
        assertFailsWith("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "LimitExceeded");
    }

    @Test
    void hugeRangeIsRefusedLikeJinja2Sandbox() {
        assertFailsWith("{% for i in range(10**9) %}{% endfor %}", "OverflowError");
    }

    @Test
    void unboundedMacroRecursionStopsAtTheDepthLimit() {
        assertFailsWith("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "LimitExceeded");
    }

    @Test
    void mutualRecursionThroughCallerStopsToo() {
        assertFailsWith("{% macro a() %}{% call a() %}x{% endcall %}{% endmacro %}{{ a() }}", "LimitExceeded");
    }

    @Test
    void deeplyNestedExpressionIsASyntaxErrorNotAStackOverflow() {
        assertFailsWith("{{ " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + " }}", "TemplateSyntaxError");
        assertFailsWith("{{ " + "not ".repeat(100_000) + "x }}", "TemplateSyntaxError");
        assertFailsWith("{% if x %}".repeat(10_000) + "{% endif %}".repeat(10_000), "TemplateSyntaxError");
    }

    @Test
    void gigabyteStringByRepetitionIsRefusedBeforeAllocation() {
        assertFailsWith("{{ 'x' * 10**9 }}", "LimitExceeded");
        assertFailsWith("{{ ['x'] * 10**9 }}", "LimitExceeded");
        assertFailsWith("{{ 'x'.center(10**9) }}", "LimitExceeded");
        assertFailsWith("{{ 'x'|indent(10**9, true) }}", "LimitExceeded");
        assertFailsWith("{{ '%1000000000s' % 'x' }}", "LimitExceeded");
    }

    @Test
    void gigabyteStringByDoublingIsRefused() {
        assertFailsWith("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
                + "{{ ns.s|length }}", "LimitExceeded");
        assertFailsWith("{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s.replace('x', 'xx') %}"
                + "{% endfor %}", "LimitExceeded");
    }

    @Test
    void hugeOutputIsRefused() {
        assertFailsWith("{% for i in range(100000) %}{% for j in range(9) %}{{ 'x' * 100 }}{% endfor %}{% endfor %}", "LimitExceeded");
    }

    @Test
    void slowRenderIsStoppedByTheClock() {
        ChatTemplate slow = ChatTemplate.of("{% for i in range(100000) %}{% for j in range(100000) %}{{ ('a' * 1000).upper()|length }}"
                + "{% endfor %}{% endfor %}", "slow", Map.of())
                .withLimits(new RenderLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE, 200, Duration.ofMillis(200)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.render(Map.of())).isInstanceOf(TemplateError.class)
                .hasMessageContaining("longer than");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''['__class__'] }}",
        "{{ messages.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ raise_exception.__globals__ }}",
        "{{ namespace.__init__ }}",
        "{{ messages|attribute('__class__') }}",
        "{{ messages|map(attribute='__class__')|list }}",
        "{{ ''.getClass().forName('java.lang.Runtime') }}",
        "{{ messages.getClass() }}",
        "{{ lipsum.__globals__ }}",
        "{% set x = messages.append({'role': 'evil'}) %}",
        "{% set x = messages[0].update({'role': 'evil'}) %}",
    })
    void noJavaOrPythonInternalsAreReachable(String source) {
        assertThatThrownBy(() -> render(source)).isInstanceOf(TemplateError.class);
    }

    @Test
    void messageContentIsNeverEvaluatedAsTemplateCode() {
        ChatTemplate template = ChatTemplate.of("{% for m in messages %}{{ m.content }}|{{ m.content|tojson }}{% endfor %}", "t", Map.of());
        String text = template.render(Map.of("messages", List.of(Map.of("role", "user",
                "content", "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# c #}")))).text();
        assertThat(text).isEqualTo("{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# c #}"
                + "|\"{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# c #}\"");
    }

    @Test
    void aFailedRenderLeavesTheTemplateUsable() {
        ChatTemplate template = ChatTemplate.of("{% if boom %}{{ raise_exception('no') }}{% endif %}ok", "t", Map.of());
        assertThatThrownBy(() -> template.render(Map.of("boom", true))).isInstanceOf(TemplateError.class)
                .hasMessageContaining("TemplateError: no");
        assertThat(template.render(Map.of("boom", false)).text()).isEqualTo("ok");
    }

    @Test
    void inputValuesAreNotModified() {
        List<Object> messages = List.of(Map.of("role", "user", "content", "x"));
        ChatTemplate.of("{% set m = messages + [{'role': 'a'}] %}{{ m|length }}", "t", Map.of())
                .render(Map.of("messages", messages));
        assertThat(messages).hasSize(1);
    }
}
