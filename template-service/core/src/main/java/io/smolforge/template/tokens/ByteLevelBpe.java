package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Byte-level BPE on one ASCII pre-tokenizer piece, as the {@code BPE} model of Hugging Face
 * tokenizers computes it: bytes become GPT-2's printable stand-in characters, then the adjacent
 * pair with the lowest merge rank (leftmost on ties) is merged until none applies. Used by
 * {@link PieceCachingEncoder} for pieces it has not seen, where a call into the Rust library would
 * cost more than the merges themselves; checked against the Rust tokenizer by the tests.
 */
final class ByteLevelBpe {

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final int[] byteIds = new int[128];
    private final boolean ignoreMerges;

    private ByteLevelBpe(Map<String, Integer> vocab, MergeTable merges, boolean ignoreMerges) {
        this.vocab = vocab;
        this.merges = merges;
        this.ignoreMerges = ignoreMerges;
        for (int b = 0; b < 128; b++) {
            Integer id = vocab.get(String.valueOf(byteChar(b)));
            byteIds[b] = id == null ? -1 : id;
        }
    }

    /** The BPE model of a tokenizer.json, if it is a plain byte-level one (no prefixes, suffixes, fallback or unk). */
    static Optional<ByteLevelBpe> fromTokenizerJson(JsonNode json) {
        if (!keepsOffsets(json.get("post_processor"))) {
            return Optional.empty();
        }
        JsonNode model = json.path("model");
        if (!"BPE".equals(model.path("type").asText()) || !isNullOrAbsent(model, "continuing_subword_prefix")
                || !isNullOrAbsent(model, "end_of_word_suffix") || model.path("byte_fallback").asBoolean()
                || !isNullOrAbsent(model, "dropout") || !model.path("vocab").isObject()) {
            return Optional.empty();
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        MergeTable merges = new MergeTable(model.path("merges").size());
        int rank = 0;
        for (JsonNode merge : model.path("merges")) {
            String left;
            String right;
            if (merge.isArray()) {
                left = merge.get(0).asText();
                right = merge.get(1).asText();
            } else {
                String[] parts = merge.asText().split(" ", 2);
                if (parts.length != 2) {
                    return Optional.empty();
                }
                left = parts[0];
                right = parts[1];
            }
            Integer leftId = vocab.get(left);
            Integer rightId = vocab.get(right);
            Integer mergedId = vocab.get(left + right);
            if (leftId == null || rightId == null || mergedId == null) {
                return Optional.empty(); // tokenizers refuses such a file too
            }
            merges.putIfAbsent(leftId, rightId, rank++, mergedId);
        }
        ByteLevelBpe bpe = new ByteLevelBpe(vocab, merges, model.path("ignore_merges").asBoolean());
        for (int id : bpe.byteIds) {
            if (id < 0) {
                return Optional.empty(); // not byte-level: some ASCII byte has no token
            }
        }
        return Optional.of(bpe);
    }

    /** Whether the post-processor leaves token offsets as BPE made them (no {@code trim_offsets}). */
    private static boolean keepsOffsets(JsonNode processor) {
        if (processor == null || processor.isNull()) {
            return true;
        }
        return switch (processor.path("type").asText()) {
            case "ByteLevel", "RobertaProcessing" -> !processor.path("trim_offsets").asBoolean();
            case "TemplateProcessing", "BertProcessing" -> true;
            case "Sequence" -> {
                for (JsonNode step : processor.path("processors")) {
                    if (!keepsOffsets(step)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    private static boolean isNullOrAbsent(JsonNode node, String field) {
        return !node.has(field) || node.get(field).isNull();
    }

    /** GPT-2's {@code bytes_to_unicode} for ASCII: printable characters stand for themselves, the rest shift past 255. */
    private static char byteChar(int b) {
        if (b >= '!' && b <= '~') {
            return (char) b;
        }
        return (char) (256 + (b <= ' ' ? b : 33)); // 0..32, then DEL (127)
    }

    /** Token ids of an ASCII piece and the {@code [start, end)} chars of the piece each covers. */
    TokenizedText encode(String piece) {
        int n = piece.length();
        if (ignoreMerges) {
            StringBuilder mapped = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                mapped.append(byteChar(piece.charAt(i)));
            }
            Integer whole = vocab.get(mapped.toString());
            if (whole != null) {
                return new TokenizedText(new int[] {whole}, new int[] {0}, new int[] {n});
            }
        }
        // Symbols as parallel arrays; a merge joins symbol i with i + 1 and shifts the rest left.
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = byteIds[piece.charAt(i)];
            starts[i] = i;
            ends[i] = i + 1;
        }
        int count = n;
        while (count > 1) {
            int best = -1;
            long bestMerge = MergeTable.NONE;
            for (int i = 0; i + 1 < count; i++) {
                long merge = merges.get(ids[i], ids[i + 1]);
                if (merge != MergeTable.NONE && (bestMerge == MergeTable.NONE || merge < bestMerge)) {
                    best = i;
                    bestMerge = merge; // rank in the high bits: the smallest value is the lowest rank
                }
            }
            if (best < 0) {
                break;
            }
            ids[best] = MergeTable.mergedId(bestMerge);
            ends[best] = ends[best + 1];
            System.arraycopy(ids, best + 2, ids, best + 1, count - best - 2);
            System.arraycopy(starts, best + 2, starts, best + 1, count - best - 2);
            System.arraycopy(ends, best + 2, ends, best + 1, count - best - 2);
            count--;
        }
        if (count < n) {
            ids = Arrays.copyOf(ids, count);
            starts = Arrays.copyOf(starts, count);
            ends = Arrays.copyOf(ends, count);
        }
        return new TokenizedText(ids, starts, ends);
    }

    /** Pair of token ids -> (rank, merged id) packed in a long, open addressing, no boxing. */
    private static final class MergeTable {
        static final long NONE = -1;

        private final long[] keys;
        private final long[] values;
        private final int mask;

        MergeTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2)) << 1;
            keys = new long[capacity];
            values = new long[capacity];
            mask = capacity - 1;
            Arrays.fill(keys, NONE);
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xffffffffL);
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }

        void putIfAbsent(int left, int right, int rank, int mergedId) {
            long key = key(left, right);
            int slot = slot(key);
            while (keys[slot] != NONE) {
                if (keys[slot] == key) {
                    return; // tokenizers keeps the first (lowest-rank) merge of a pair
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = ((long) rank << 32) | (mergedId & 0xffffffffL);
        }

        /** The packed merge of a pair, or {@link #NONE}. */
        long get(int left, int right) {
            long key = key(left, right);
            for (int slot = slot(key); keys[slot] != NONE; slot = (slot + 1) & mask) {
                if (keys[slot] == key) {
                    return values[slot];
                }
            }
            return NONE;
        }

        static int mergedId(long merge) {
            return (int) merge;
        }
    }
}
