package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tiny SmolLM3 model's own template (golden/tiny-smollm3-base/) against transformers'
 * apply_chat_template output in golden/chat_template_cases.jsonl, clock pinned to 2026-01-01.
 */
class SmolLM3GoldenTest {
    private static final Clock NEW_YEAR = ConformanceFixtures.clockAt("2026-01-01T12:00:00");

    static Path modelDir() {
        try {
            return Path.of(SmolLM3GoldenTest.class.getResource("/golden/tiny-smollm3-base/chat_template.jinja").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() {
        return ConformanceFixtures.resource("chat_template_cases.jsonl").lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return (Map<String, Object>) ConformanceFixtures.JSON.readValue(l, Map.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The variables apply_chat_template passes: messages, tools, add_generation_prompt and the kwargs at top level. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(Map<String, Object> row) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("messages", row.get("messages"));
        vars.put("tools", row.get("tools"));
        vars.put("add_generation_prompt", row.get("add_generation_prompt"));
        vars.putAll((Map<String, Object>) row.getOrDefault("chat_template_kwargs", Map.of()));
        return vars;
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void rendersLikeApplyChatTemplate(Map<String, Object> row) {
        ChatTemplate template = ChatTemplate.fromModelDir(modelDir()).withClock(NEW_YEAR);
        RenderedChat chat = template.render(variables(row));
        assertThat(chat.text()).isEqualTo(row.get("text"));
        List<?> messages = (List<?>) row.get("messages");
        long assistantTurns = messages.stream().filter(m -> "assistant".equals(((Map<?, ?>) m).get("role"))).count();
        assertThat(chat.generationSpans()).hasSize((int) assistantTurns);
        for (Span span : chat.generationSpans()) {
            assertThat(chat.text().substring(span.start(), span.end())).startsWith("<|im_start|>assistant\n").endsWith("<|im_end|>\n");
        }
    }

    @Test
    void readsTemplateAndSpecialTokensFromModelDir() {
        ChatTemplate template = ChatTemplate.fromModelDir(modelDir());
        assertThat(template.hasGenerationBlocks()).isTrue();
        assertThat(template.name()).endsWith("chat_template.jinja");
        String text = template.render(Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")))).text();
        assertThat(text).startsWith("<|im_start|>system\n").endsWith("<|im_start|>user\nHi<|im_end|>\n");
        ChatTemplate eos = ChatTemplate.of("{{ eos_token }}|{{ pad_token }}|{{ bos_token }}", "probe",
                Map.of("eos_token", "<|im_end|>", "pad_token", "<pad>"));
        assertThat(eos.render(Map.of()).text()).isEqualTo("<|im_end|>|<pad>|");
        assertThat(eos.render(Map.of("eos_token", "X")).text()).isEqualTo("X|<pad>|");
    }
}
