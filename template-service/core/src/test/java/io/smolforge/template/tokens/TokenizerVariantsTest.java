package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memoized path on the shapes of other byte-level BPE tokenizers, made by editing the tiny
 * tokenizer.json: GPT-2's ByteLevel pre-tokenizer, Qwen2's single-digit split, Llama 3's
 * {@code ignore_merges}, and a normalizer (which must switch the memo off).
 */
class TokenizerVariantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path variant(String name) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(GoldenFiles.tinyModel().resolve("tokenizer.json").toFile());
        switch (name) {
            case "gpt2" -> json.set("pre_tokenizer", JSON.readTree(
                    "{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": false, \"use_regex\": true}"));
            case "qwen2" -> ((ObjectNode) json.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern"))
                    .put("Regex", LlamaSplitScanner.QWEN2_PATTERN);
            case "ignore_merges" -> ((ObjectNode) json.get("model")).put("ignore_merges", true);
            case "normalizer" -> json.set("normalizer", JSON.readTree("{\"type\": \"NFC\"}"));
            default -> throw new IllegalArgumentException(name);
        }
        Path model = Files.createDirectories(dir.resolve(name));
        JSON.writeValue(model.resolve("tokenizer.json").toFile(), json);
        Files.copy(GoldenFiles.tinyModel().resolve("tokenizer_config.json"), model.resolve("tokenizer_config.json"));
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "qwen2", "ignore_merges", "normalizer"})
    void memoizedEqualsTheRustTokenizer(String name) throws Exception {
        Path model = variant(name);
        try (ModelTokenizer memoized = ModelTokenizer.fromModelDir(model, true);
             ModelTokenizer whole = ModelTokenizer.fromModelDir(model, false)) {
            assertThat(memoized.isMemoized()).isEqualTo(!name.equals("normalizer"));
            List<String> chunks = List.of(" ", "  ", "\n", "\r\n", "\t", "'s", "'LL", "12345", "She", " sold", " 48/2",
                    "<<48/2=24>>", "<|im_end|>", "<think>", "\u00e9t\u00e9", "\u2019", " \u00a0", "😀", "...");
            Random random = new Random(name.hashCode());
            for (int i = 0; i < 1500; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(25);
                for (int k = 0; k < length; k++) {
                    text.append(random.nextInt(4) == 0 ? String.valueOf((char) random.nextInt(128))
                            : chunks.get(random.nextInt(chunks.size())));
                }
                TokenizedText expected = whole.encodeRendered(text.toString());
                TokenizedText actual = memoized.encodeRendered(text.toString());
                assertThat(actual.ids()).as("%s: ids of %s", name, text).containsExactly(expected.ids());
                assertThat(actual.starts()).as("%s: starts of %s", name, text).containsExactly(expected.starts());
                assertThat(actual.ends()).as("%s: ends of %s", name, text).containsExactly(expected.ends());
            }
        }
    }
}
