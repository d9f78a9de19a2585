package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The memoized path must give exactly what the Rust tokenizer gives on the whole text. */
class PieceCachingEncoderTest {

    private static ModelTokenizer memoized;
    private static ModelTokenizer whole;

    @BeforeAll
    static void load() {
        memoized = ModelTokenizer.fromModelDir(GoldenFiles.tinyModel(), true);
        whole = ModelTokenizer.fromModelDir(GoldenFiles.tinyModel(), false);
    }

    @AfterAll
    static void close() {
        memoized.close();
        whole.close();
    }

    private static void assertSame(String text) {
        TokenizedText expected = whole.encodeRendered(text);
        TokenizedText actual = memoized.encodeRendered(text);
        assertThat(actual.ids()).as("ids of %s", text).containsExactly(expected.ids());
        assertThat(actual.starts()).as("starts of %s", text).containsExactly(expected.starts());
        assertThat(actual.ends()).as("ends of %s", text).containsExactly(expected.ends());
    }

    @Test
    void usedForTheTinySmolLM3Tokenizer() {
        assertThat(memoized.isMemoized()).isTrue();
        assertThat(whole.isMemoized()).isFalse();
    }

    @Test
    void sameTokensAndOffsetsOnTheGoldenChatsTwice() {
        for (int pass = 0; pass < 2; pass++) { // the second pass is served from the caches
            for (JsonNode c : GoldenFiles.jsonLines("chat_template_cases.jsonl")) {
                assertSame(c.get("text").asText());
            }
            for (JsonNode c : GoldenFiles.jsonLines("mask_cases.jsonl")) {
                assertSame(c.get("text").asText());
            }
        }
    }

    @Test
    void sameOnWhitespaceContractionsDigitsAndAddedTokenEdges() {
        List<String> texts = List.of("  multiple   spaces\n\n\t tabs  ", "it's I'M we'LL they'D", "123456789 1,234.56",
                "CRLF\r\nline\r\n\r\n", "<|im_start|><|im_start|>", "<<|im_end|>>", "<think></think>", "a<think>b</think>c",
                "<|im_start", "trailing space ", "emoji 😀 mixed 🎉🎉", "Ünïcödé wörds", "\u00a0nbsp\u2028sep", "   ", "\n",
                "", "<|im_start|>assistant\n<think>\n\n</think>\nShe sold 48/2 = <<48/2=24>>24 clips.<|im_end|>\n");
        for (String text : texts) {
            assertSame(text);
            assertSame(text);
        }
    }

    @Test
    void sameOnRandomStringsOfTrickyCharacters() {
        // ASCII classes, BMP letters/digits/punctuation/spaces, long s and Kelvin sign (case-fold to ASCII), emoji.
        String alphabet = "ab Z09'sdlm\n\r\t<|>/_-.,!?$#\u00e9\u2019\u20ac\u00d7\u00bd\u4e2d\u0663\u00a0\u2028\u3000\u017f\u212a😀";
        Random random = new Random(42);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int k = 0; k < length; k++) {
                int pick = random.nextInt(alphabet.length() + 3);
                if (pick >= alphabet.length()) {
                    text.append(List.of("<|im_end|>", "<think>", "</think>").get(pick - alphabet.length()));
                } else {
                    int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, Math.min(pick, alphabet.codePointCount(0, alphabet.length()) - 1)));
                    text.appendCodePoint(cp);
                }
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            assertSame(text);
        }
    }

    /** The hand-coded ASCII splitter: every ASCII character, with runs of spaces, line breaks, digits and quotes. */
    @Test
    void sameOnRandomAsciiStrings() {
        List<String> chunks = List.of(" ", "  ", "\n", "\r\n", "\t", "\u000b", "\f", "'s", "'RE", "'ll", "'x", "123456",
                "word", "Word", "<|im_end|>", "<think>", "...", "?!", "\"q\"", " -", "\u0000", "\u007f");
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                if (random.nextBoolean()) {
                    text.append(chunks.get(random.nextInt(chunks.size())));
                } else {
                    text.append((char) random.nextInt(128));
                }
            }
            assertSame(text.toString());
        }
    }
}
