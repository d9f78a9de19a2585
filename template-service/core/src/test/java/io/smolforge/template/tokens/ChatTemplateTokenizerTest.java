package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.template.render.ChatTemplate;
import io.smolforge.template.tokens.ChatTemplateTokenizer.TokenizedChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code apply_chat_template(tokenize=True, return_assistant_tokens_mask=True)} against transformers 5.18. */
class ChatTemplateTokenizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ModelTokenizer tokenizer;
    private static ChatTemplateTokenizer chats;

    @BeforeAll
    static void load() {
        tokenizer = ModelTokenizer.fromModelDir(GoldenFiles.tinyModel());
        Clock newYear = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
        chats = new ChatTemplateTokenizer(ChatTemplate.fromModelDir(GoldenFiles.tinyModel()).withClock(newYear), tokenizer);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(JsonNode c) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", JSON.convertValue(c.get("messages"), Object.class));
        variables.put("tools", JSON.convertValue(c.get("tools"), Object.class));
        variables.put("add_generation_prompt", c.get("add_generation_prompt").asBoolean());
        variables.putAll(JSON.convertValue(c.get("chat_template_kwargs"), Map.class));
        return variables;
    }

    @Test
    void textIdsAndAssistantMasksEqualTransformersOnTheSmolLM3Goldens() {
        int texts = 0;
        int masks = 0;
        for (JsonNode c : GoldenFiles.jsonLines("chat_template_cases.jsonl")) {
            TokenizedChat chat = chats.apply(variables(c));
            assertThat(chat.text()).as("case %s text", c.get("id")).isEqualTo(c.get("text").asText());
            assertThat(chat.inputIds()).as("case %s ids", c.get("id")).containsExactly(GoldenFiles.ints(c.get("input_ids")));
            texts++;
            if (c.has("assistant_masks")) {
                assertThat(chat.assistantMasks()).as("case %s mask", c.get("id"))
                        .containsExactly(GoldenFiles.ints(c.get("assistant_masks")));
                masks++;
            }
        }
        assertThat(texts).isEqualTo(10);
        assertThat(masks).isEqualTo(8);
    }

    @Test
    void masksEndOnTheStopTokenSoTheModelLearnsToStop() {
        TokenizedChat chat = chats.apply(Map.of("messages", java.util.List.of(
                Map.of("role", "user", "content", "2+2?"), Map.of("role", "assistant", "content", "4"))));
        int lastMasked = -1;
        for (int t = 0; t < chat.assistantMasks().length; t++) {
            if (chat.assistantMasks()[t] == 1) {
                lastMasked = t;
            }
        }
        // SmolLM3's generation block ends with "<|im_end|>\n": the stop token and its newline are targets.
        assertThat(chat.inputIds()[lastMasked - 1]).isEqualTo(tokenizer.vocabulary().idOf("<|im_end|>"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void masksEqualTransformersWhenGenerationStartsInsideWordsAndAfterEmoji() {
        int checked = 0;
        for (JsonNode c : GoldenFiles.jsonLines("mask_cases.jsonl")) {
            ChatTemplate template = ChatTemplate.of(c.get("template").asText(), "mask-case",
                    Map.copyOf(tokenizer.vocabulary().specialTokens()));
            TokenizedChat chat = new ChatTemplateTokenizer(template, tokenizer)
                    .apply(Map.of("messages", JSON.convertValue(c.get("messages"), java.util.List.class)));
            assertThat(chat.text()).isEqualTo(c.get("text").asText());
            assertThat(chat.assistantMasks()).as(chat.text()).containsExactly(GoldenFiles.ints(c.get("assistant_masks")));
            checked++;
        }
        assertThat(checked).isEqualTo(7);
    }
}
