package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTokenizerTest {

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
    void encodesRenderedChatsLikeApplyChatTemplate() {
        int checked = 0;
        for (JsonNode c : GoldenFiles.jsonLines("chat_template_cases.jsonl")) {
            TokenizedText tokens = tokenizer.encodeRendered(c.get("text").asText());
            assertThat(tokens.ids()).as("case %s", c.get("id")).containsExactly(GoldenFiles.ints(c.get("input_ids")));
            checked++;
        }
        assertThat(checked).isEqualTo(10);
    }

    @Test
    void offsetsAreJavaCharRangesEvenAfterEmoji() {
        for (JsonNode c : GoldenFiles.jsonLines("mask_cases.jsonl")) {
            String text = c.get("text").asText();
            TokenizedText tokens = tokenizer.encodeRendered(text);
            assertThat(tokens.ids()).containsExactly(GoldenFiles.ints(c.get("input_ids")));
            JsonNode offsets = c.get("offsets");
            for (int t = 0; t < tokens.size(); t++) {
                assertThat(tokens.starts()[t]).isEqualTo(GoldenFiles.charIndex(text, offsets.get(t).get(0).asInt()));
                assertThat(tokens.ends()[t]).isEqualTo(GoldenFiles.charIndex(text, offsets.get(t).get(1).asInt()));
            }
        }
    }

    @Test
    void plainTextDecodesBackAndSpecialTokensAreSingleIds() {
        TokenizedText tokens = tokenizer.encodePlain("She sold 48 clips.<|im_end|>");
        assertThat(tokens.ids()[tokens.size() - 1]).isEqualTo(tokenizer.vocabulary().idOf("<|im_end|>"));
        assertThat(tokenizer.decode(tokens.ids())).isEqualTo("She sold 48 clips.<|im_end|>");
    }

    @Test
    void vocabularyKnowsSpecialTokensFromTokenizerConfig() {
        TokenizerVocabulary vocabulary = tokenizer.vocabulary();
        assertThat(vocabulary.eosToken()).contains("<|im_end|>");
        assertThat(vocabulary.bosToken()).isEmpty();
        assertThat(vocabulary.idOf("<|im_end|>")).isEqualTo(4);
        assertThat(vocabulary.size()).isEqualTo(4102);
        assertThat(vocabulary.specialTokens()).containsEntry("pad_token", "<|finetune_right_pad_id|>");
    }
}
