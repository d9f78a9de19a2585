package io.smolforge.template.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's Hugging Face tokenizer ({@code tokenizer.json}, run by DJL's bindings to the Rust
 * {@code tokenizers} library) with the options transformers uses for training data: no truncation,
 * no padding, special tokens added only where transformers adds them. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerVocabulary vocabulary;
    private final Path source;
    private final PieceCachingEncoder memo;

    private ModelTokenizer(HuggingFaceTokenizer tokenizer, TokenizerVocabulary vocabulary, Path source,
                           PieceCachingEncoder memo) {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.source = source;
        this.memo = memo;
    }

    /** Loads {@code tokenizer.json} (and the special tokens of {@code tokenizer_config.json}) from a model folder. */
    public static ModelTokenizer fromModelDir(Path dir) {
        return fromModelDir(dir, true);
    }

    /**
     * As {@link #fromModelDir(Path)}; {@code memoize = false} sends every text to the Rust tokenizer
     * whole (the reference the memo is checked against).
     */
    public static ModelTokenizer fromModelDir(Path dir, boolean memoize) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new TokenizationException("no tokenizer.json in model folder " + dir);
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false",
                    "truncation", "false",
                    "padding", "false"));
            JsonNode json = TokenizerVocabulary.readJson(file);
            PieceCachingEncoder memo = memoize ? PieceCachingEncoder.forTokenizer(json, tokenizer).orElse(null) : null;
            return new ModelTokenizer(tokenizer, TokenizerVocabulary.fromModelDir(dir, json), file, memo);
        } catch (IOException | RuntimeException e) {
            throw new TokenizationException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    public TokenizerVocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Encodes a rendered chat as {@code apply_chat_template(tokenize=True)} does: special tokens
     * written by the template become their ids and nothing is added (so no second BOS).
     */
    public TokenizedText encodeRendered(String text) {
        return memo != null ? memo.encode(text) : encode(text, false);
    }

    /** Encodes plain text as {@code tokenizer(text)} does, with the post-processor's special tokens (e.g. a BOS). */
    public TokenizedText encodePlain(String text) {
        return encode(text, true);
    }

    private TokenizedText encode(String text, boolean addSpecialTokens) {
        Encoding encoding;
        try {
            encoding = tokenizer.encode(text, addSpecialTokens, false);
        } catch (RuntimeException e) {
            throw new TokenizationException("tokenizer " + source + " failed on a text of "
                    + text.length() + " chars: " + e.getMessage(), e);
        }
        return DjlEncodings.toTokenizedText(text, encoding);
    }

    /** Whether repeated pieces are served from memory (see {@link PieceCachingEncoder}). */
    public boolean isMemoized() {
        return memo != null;
    }

    /** Token ids back to text, special tokens kept (for debugging and tests). */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
