package io.smolforge.template.tokens;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A memo in front of the Rust tokenizer for byte-level BPE tokenizers (GPT-2, Llama 3, Qwen,
 * SmolLM3), which are the same function applied piece by piece: Hugging Face tokenizers first cut
 * the text at added tokens, then cut each remaining segment with the pre-tokenizer's regex, then
 * run BPE on every piece on its own. This class does the two cuts in Java, remembers every piece
 * (and repeated segments, such as a template's system header), and computes unseen ASCII pieces
 * with {@link ByteLevelBpe} (a call into the Rust library costs more than the merges of a short
 * piece), which makes chat data an order of magnitude faster to tokenize with identical results.
 *
 * <p>Only used where that equivalence is certain: no normalizer, a byte-level pre-tokenizer whose
 * regex Java compiles, BPE without dropout, added tokens without strip/word options. Pieces with
 * non-ASCII characters go to the Rust tokenizer, and segments with characters on which Java's and
 * Oniguruma's Unicode classes could disagree go to it whole; so do pieces when the BPE model is not
 * plain byte-level.
 */
final class PieceCachingEncoder {

    private static final int MAX_CACHED_SEGMENT = 4096;
    private static final int MAX_ENTRIES = 200_000;

    /** Token ids with offsets relative to the start of the cached string. */
    private record Piece(int[] ids, int[] starts, int[] ends) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final ByteLevelBpe bpe;
    private final Pattern splitPattern;
    private final Pattern unicodeSplitPattern;
    private final String[] addedTokens;
    private final int[] addedTokenIds;
    private final boolean[] addedTokenFirstChar = new boolean[Character.MAX_VALUE + 1];
    private final Map<String, Piece> pieces = new ConcurrentHashMap<>();
    private final Map<String, Piece> segments = new ConcurrentHashMap<>();

    private PieceCachingEncoder(HuggingFaceTokenizer tokenizer, ByteLevelBpe bpe, Pattern splitPattern,
                                List<String> added, List<Integer> ids) {
        this.tokenizer = tokenizer;
        this.bpe = bpe;
        this.splitPattern = splitPattern;
        // Unicode semantics for \s, \p{L} and (?i), as the Oniguruma engine of tokenizers has them.
        this.unicodeSplitPattern = Pattern.compile(splitPattern.pattern(),
                Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE);
        Integer[] order = new Integer[added.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Longest first, so that the first match at a position is the longest (leftmost-longest, as tokenizers).
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> added.get(i).length()).reversed());
        this.addedTokens = new String[order.length];
        this.addedTokenIds = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            addedTokens[k] = added.get(order[k]);
            addedTokenIds[k] = ids.get(order[k]);
            addedTokenFirstChar[addedTokens[k].charAt(0)] = true;
        }
    }

    /** The memo for a tokenizer.json of the supported shape, or empty. */
    static Optional<PieceCachingEncoder> forTokenizer(JsonNode json, HuggingFaceTokenizer tokenizer) {
        JsonNode normalizer = json.get("normalizer");
        if (normalizer != null && !normalizer.isNull()) {
            return Optional.empty();
        }
        JsonNode model = json.path("model");
        JsonNode dropout = model.get("dropout");
        if (!"BPE".equals(model.path("type").asText()) || dropout != null && !dropout.isNull()) {
            return Optional.empty();
        }
        Optional<String> regex = splitRegex(json.path("pre_tokenizer"));
        if (regex.isEmpty()) {
            return Optional.empty();
        }
        List<String> added = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode token : json.path("added_tokens")) {
            if (token.path("lstrip").asBoolean() || token.path("rstrip").asBoolean()
                    || token.path("single_word").asBoolean() || token.path("content").asText().isEmpty()) {
                return Optional.empty();
            }
            added.add(token.path("content").asText());
            ids.add(token.path("id").asInt());
        }
        try {
            return Optional.of(new PieceCachingEncoder(tokenizer, ByteLevelBpe.fromTokenizerJson(json).orElse(null),
                    Pattern.compile(regex.get()), added, ids));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** GPT-2's pattern, which a ByteLevel pre-tokenizer with {@code use_regex} applies. */
    private static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static Optional<String> splitRegex(JsonNode pre) {
        String type = pre.path("type").asText();
        if ("ByteLevel".equals(type)) {
            return !pre.path("add_prefix_space").asBoolean() && pre.path("use_regex").asBoolean(true)
                    ? Optional.of(GPT2_PATTERN) : Optional.empty();
        }
        if (!"Sequence".equals(type) || pre.path("pretokenizers").size() != 2) {
            return Optional.empty();
        }
        JsonNode split = pre.path("pretokenizers").get(0);
        JsonNode byteLevel = pre.path("pretokenizers").get(1);
        boolean supported = "Split".equals(split.path("type").asText())
                && "Isolated".equals(split.path("behavior").asText())
                && !split.path("invert").asBoolean()
                && split.path("pattern").has("Regex")
                && "ByteLevel".equals(byteLevel.path("type").asText())
                && !byteLevel.path("use_regex").asBoolean(true)
                && !byteLevel.path("add_prefix_space").asBoolean();
        return supported ? Optional.of(split.path("pattern").path("Regex").asText()) : Optional.empty();
    }

    TokenizedText encode(String text) {
        TokenBuffer out = new TokenBuffer(text.length() / 3 + 8);
        int segmentStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!addedTokenFirstChar[text.charAt(i)]) {
                continue;
            }
            for (int k = 0; k < addedTokens.length; k++) {
                if (text.startsWith(addedTokens[k], i)) {
                    encodeSegment(text, segmentStart, i, out);
                    out.add(addedTokenIds[k], i, i + addedTokens[k].length());
                    i += addedTokens[k].length() - 1;
                    segmentStart = i + 1;
                    break;
                }
            }
        }
        encodeSegment(text, segmentStart, text.length(), out);
        return out.toTokenizedText();
    }

    private void encodeSegment(String text, int from, int to, TokenBuffer out) {
        if (from >= to) {
            return;
        }
        String segment = text.substring(from, to);
        Piece cached = segments.get(segment);
        if (cached == null) {
            cached = isAscii(segment) ? encodeByPieces(segment, splitPattern)
                    : classifiesLikeTokenizers(segment) ? encodeByPieces(segment, unicodeSplitPattern)
                    : encodeWhole(segment);
            if (segment.length() <= MAX_CACHED_SEGMENT) {
                remember(segments, segment, cached);
            }
        }
        out.add(cached, from);
    }

    private Piece encodeByPieces(String segment, Pattern pattern) {
        TokenBuffer out = new TokenBuffer(segment.length() / 3 + 4);
        Matcher matcher = pattern.matcher(segment);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) { // text no alternative matched is a piece too (Isolated)
                addPiece(segment.substring(at, matcher.start()), at, out);
            }
            if (matcher.end() > matcher.start()) {
                addPiece(segment.substring(matcher.start(), matcher.end()), matcher.start(), out);
            }
            at = matcher.end();
        }
        if (at < segment.length()) {
            addPiece(segment.substring(at), at, out);
        }
        TokenizedText tokens = out.toTokenizedText();
        return new Piece(tokens.ids(), tokens.starts(), tokens.ends());
    }

    private void addPiece(String piece, int offset, TokenBuffer out) {
        Piece cached = pieces.get(piece);
        if (cached == null) {
            if (bpe != null && isAscii(piece)) {
                TokenizedText tokens = bpe.encode(piece);
                cached = new Piece(tokens.ids(), tokens.starts(), tokens.ends());
            } else {
                cached = encodeWhole(piece);
            }
            remember(pieces, piece, cached);
        }
        out.add(cached, offset);
    }

    /** The Rust tokenizer on one string, offsets converted from code points to chars. */
    private Piece encodeWhole(String text) {
        TokenizedText tokens = DjlEncodings.toTokenizedText(text, tokenizer.encode(text, false, false));
        return new Piece(tokens.ids(), tokens.starts(), tokens.ends());
    }

    private static void remember(Map<String, Piece> cache, String key, Piece value) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // a crude bound; the pieces worth keeping come back at once
        }
        cache.put(key, value);
    }

    /**
     * Whether Java's regex classes certainly agree with Oniguruma's on this text: assigned BMP
     * characters only (no code points newer than Java's Unicode tables, no surrogate pairs), and
     * none that case-folds onto ASCII (such as the long s or the Kelvin sign) where {@code (?i)}
     * implementations differ.
     */
    private static boolean classifiesLikeTokenizers(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (Character.isSurrogate(c) || !Character.isDefined(c)
                    || Character.toUpperCase(c) < 0x80 || Character.toLowerCase(c) < 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A growing list of tokens with offsets. */
    private static final class TokenBuffer {
        private int[] ids;
        private int[] starts;
        private int[] ends;
        private int size;

        TokenBuffer(int capacity) {
            ids = new int[capacity];
            starts = new int[capacity];
            ends = new int[capacity];
        }

        void add(int id, int start, int end) {
            grow(1);
            ids[size] = id;
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        void add(Piece piece, int offset) {
            int n = piece.ids().length;
            grow(n);
            System.arraycopy(piece.ids(), 0, ids, size, n);
            for (int t = 0; t < n; t++) {
                starts[size + t] = piece.starts()[t] + offset;
                ends[size + t] = piece.ends()[t] + offset;
            }
            size += n;
        }

        private void grow(int more) {
            if (size + more > ids.length) {
                int capacity = Math.max(size + more, ids.length * 2);
                ids = Arrays.copyOf(ids, capacity);
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
            }
        }

        TokenizedText toTokenizedText() {
            return new TokenizedText(Arrays.copyOf(ids, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
        }
    }
}
