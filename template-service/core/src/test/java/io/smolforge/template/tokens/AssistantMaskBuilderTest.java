package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AssistantMaskBuilderTest {

    private static ModelTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = ModelTokenizer.fromModelDir(GoldenFiles.tinyModel());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void masksEqualTransformersIncludingStraddlingAndEmptySpans() {
        int checked = 0;
        for (JsonNode c : GoldenFiles.jsonLines("mask_cases.jsonl")) {
            String text = c.get("text").asText();
            AssistantMaskBuilder builder = new AssistantMaskBuilder(tokenizer.encodeRendered(text));
            for (JsonNode span : c.get("generation_spans")) {
                builder.mark(GoldenFiles.charIndex(text, span.get(0).asInt()),
                        GoldenFiles.charIndex(text, span.get(1).asInt()));
            }
            assertThat(builder.build()).as(text).containsExactly(GoldenFiles.ints(c.get("assistant_masks")));
            checked++;
        }
        assertThat(checked).isEqualTo(7);
    }

    @Test
    void spanWhoseLastCharHasNoTokenRunsToTheEnd() {
        TokenizedText tokens = new TokenizedText(new int[] {1, 2, 3, 4}, new int[] {0, 2, 4, 6}, new int[] {2, 4, 6, 8});
        assertThat(new AssistantMaskBuilder(tokens).mark(2, 20).build()).containsExactly(0, 1, 1, 1);
    }

    @Test
    void spanStartingPastTheTextStopsLaterSpans() {
        TokenizedText tokens = new TokenizedText(new int[] {1, 2, 3, 4}, new int[] {0, 2, 4, 6}, new int[] {2, 4, 6, 8});
        assertThat(new AssistantMaskBuilder(tokens).mark(9, 10).mark(0, 2).build()).containsExactly(0, 0, 0, 0);
    }
}
