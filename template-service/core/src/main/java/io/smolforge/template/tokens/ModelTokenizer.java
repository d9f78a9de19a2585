package io.smolforge.template.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

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

    private ModelTokenizer(HuggingFaceTokenizer tokenizer, TokenizerVocabulary vocabulary, Path source) {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.source = source;
    }

    /** Loads {@code tokenizer.json} (and the special tokens of {@code tokenizer_config.json}) from a model folder. */
    public static ModelTokenizer fromModelDir(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new TokenizationException("no tokenizer.json in model folder " + dir);
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false",
                    "truncation", "false",
                    "padding", "false"));
            return new ModelTokenizer(tokenizer, TokenizerVocabulary.fromModelDir(dir), file);
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
        return encode(text, false);
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
        long[] longIds = encoding.getIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int n = longIds.length;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        // Offsets come in Unicode code points; Java strings index UTF-16 chars (they differ after an emoji).
        int[] charIndexOfCodePoint = text.length() == text.codePointCount(0, text.length())
                ? null : codePointToCharIndex(text);
        for (int i = 0; i < n; i++) {
            ids[i] = (int) longIds[i];
            CharSpan span = spans[i];
            int start = span == null ? 0 : span.getStart();
            int end = span == null ? 0 : span.getEnd();
            if (charIndexOfCodePoint != null) {
                start = charIndexOfCodePoint[start];
                end = charIndexOfCodePoint[end];
            }
            starts[i] = start;
            ends[i] = end;
        }
        return new TokenizedText(ids, starts, ends);
    }

    private static int[] codePointToCharIndex(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            index[cp++] = i;
        }
        index[cp] = text.length();
        return index;
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
