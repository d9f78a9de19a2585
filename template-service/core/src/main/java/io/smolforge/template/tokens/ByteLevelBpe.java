package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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

    /** Merge of a pair of token ids: its rank (priority) and the id of the merged token. */
    private record Merge(int rank, int mergedId) {
    }

    private final Map<String, Integer> vocab;
    private final Map<Long, Merge> merges;
    private final int[] byteIds = new int[128];
    private final boolean ignoreMerges;

    private ByteLevelBpe(Map<String, Integer> vocab, Map<Long, Merge> merges, boolean ignoreMerges) {
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
        Map<Long, Merge> merges = new HashMap<>();
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
            merges.putIfAbsent(pair(leftId, rightId), new Merge(rank++, mergedId));
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

    /** A pair key whose {@code Long.hashCode} differs for every pair of ids below 2^21 (a shifted key would collide). */
    private static long pair(int left, int right) {
        return (long) left * 2_097_152L + right;
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
        List<int[]> symbols = new ArrayList<>(n); // {id, start, end}
        for (int i = 0; i < n; i++) {
            symbols.add(new int[] {byteIds[piece.charAt(i)], i, i + 1});
        }
        while (symbols.size() > 1) {
            int best = -1;
            Merge bestMerge = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Merge merge = merges.get(pair(symbols.get(i)[0], symbols.get(i + 1)[0]));
                if (merge != null && (bestMerge == null || merge.rank() < bestMerge.rank())) {
                    best = i;
                    bestMerge = merge;
                }
            }
            if (bestMerge == null) {
                break;
            }
            int[] left = symbols.get(best);
            int[] right = symbols.remove(best + 1);
            symbols.set(best, new int[] {bestMerge.mergedId(), left[1], right[2]});
        }
        int[] ids = new int[symbols.size()];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int t = 0; t < ids.length; t++) {
            ids[t] = symbols.get(t)[0];
            starts[t] = symbols.get(t)[1];
            ends[t] = symbols.get(t)[2];
        }
        return new TokenizedText(ids, starts, ends);
    }
}
