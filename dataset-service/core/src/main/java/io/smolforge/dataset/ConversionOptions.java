package io.smolforge.dataset;

import java.nio.file.Path;

/**
 * How a conversion runs. Start from {@link #defaults()} and change what you need with the {@code with…} methods.
 *
 * @param systemPrompt                added as the first turn of conversations without a system turn; null for none
 * @param removeCalculatorAnnotations GSM8K: drop {@code <<48/2=24>>} from answers
 * @param toolCallsAsText             write assistant tool calls into the content as SmolLM3's
 *                                    {@code <tool_call>\n{"name": …, "arguments": {…}}\n</tool_call>} text (its chat
 *                                    template renders content only) instead of a {@code tool_calls} list
 * @param requireAssistantReply       SFT rules: a conversation needs an assistant turn and must not end on a user
 *                                    or tool turn
 * @param dropDuplicates              reject rows whose converted form was already written
 * @param maxRowBytes                 a JSONL line or JSON array element above this is rejected unread
 * @param maxRejectRatio              fail the conversion when more than this share of the rows read is rejected
 *                                    (all rows rejected always fails)
 * @param testSize                    TRL's {@code test_split_size}: below 1 a fraction of rows, from 1 up a row count;
 *                                    null for no test split
 * @param shuffle                     emit rows in a seeded random order instead of input order
 * @param seed                        seeds the shuffle, the split and per-source sampling
 * @param shuffleMemoryBytes          memory one shuffle bucket may take when it is sorted
 * @param workDir                     scratch space (shuffle buckets, Parquet copies of streamed sources)
 */
public record ConversionOptions(String systemPrompt, boolean removeCalculatorAnnotations, boolean toolCallsAsText,
                                boolean requireAssistantReply,
                                boolean dropDuplicates, int maxRowBytes, double maxRejectRatio, Double testSize,
                                boolean shuffle, long seed, long shuffleMemoryBytes, Path workDir) {

    public static ConversionOptions defaults() {
        return new ConversionOptions(null, false, false, true, false, 16 * 1024 * 1024, 0.5, null, false, 42,
                32L * 1024 * 1024, Path.of(System.getProperty("java.io.tmpdir"), "smolforge-dataset"));
    }

    public ConversionOptions {
        if (maxRejectRatio < 0 || maxRejectRatio > 1) {
            throw new IllegalArgumentException("maxRejectRatio must be within [0, 1], got " + maxRejectRatio);
        }
        if (testSize != null && (testSize <= 0 || (testSize >= 1 && testSize != Math.floor(testSize)))) {
            throw new IllegalArgumentException("test size must be a fraction in (0, 1) or a whole row count, got "
                    + testSize);
        }
        if (maxRowBytes <= 0) {
            throw new IllegalArgumentException("maxRowBytes must be positive");
        }
    }

    public ConversionOptions withSystemPrompt(String value) {
        return new ConversionOptions(value, removeCalculatorAnnotations, toolCallsAsText, requireAssistantReply,
                dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, seed, shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withRemoveCalculatorAnnotations(boolean value) {
        return new ConversionOptions(systemPrompt, value, toolCallsAsText, requireAssistantReply, dropDuplicates,
                maxRowBytes, maxRejectRatio, testSize, shuffle, seed, shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withToolCallsAsText(boolean value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, value, requireAssistantReply,
                dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, seed, shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withRequireAssistantReply(boolean value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText, value,
                dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, seed, shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withDropDuplicates(boolean value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, value, maxRowBytes, maxRejectRatio, testSize, shuffle, seed,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withMaxRowBytes(int value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, value, maxRejectRatio, testSize, shuffle, seed,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withMaxRejectRatio(double value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, value, testSize, shuffle, seed,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withTestSize(Double value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, maxRejectRatio, value, shuffle, seed,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withShuffle(boolean value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, maxRejectRatio, testSize, value, seed,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withSeed(long value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, value,
                shuffleMemoryBytes, workDir);
    }

    public ConversionOptions withShuffleMemoryBytes(long value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, seed, value,
                workDir);
    }

    public ConversionOptions withWorkDir(Path value) {
        return new ConversionOptions(systemPrompt, removeCalculatorAnnotations, toolCallsAsText,
                requireAssistantReply, dropDuplicates, maxRowBytes, maxRejectRatio, testSize, shuffle, seed,
                shuffleMemoryBytes, value);
    }

    /** True when the test split is a row count, which needs every row's key before any row can be placed. */
    boolean testSizeIsCount() {
        return testSize != null && testSize >= 1;
    }
}
