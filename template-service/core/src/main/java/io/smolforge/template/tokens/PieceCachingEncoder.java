package io.smolforge.template.tokens;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.smolforge.template.tokens.PieceTable.Piece;

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
    private static final int SEGMENT_SLOTS = 4096;
    private static final int MAX_SHARED_PIECES = 1 << 20;


    private final HuggingFaceTokenizer tokenizer;
    private final ByteLevelBpe bpe;
    private final Pattern splitPattern;
    private final Pattern unicodeSplitPattern;
    private final String[] addedTokens;
    private final char[][] addedTokenChars;
    private final int[] addedTokenIds;
    private final boolean[] addedTokenFirstChar = new boolean[Character.MAX_VALUE + 1];
    /** Each worker looks pieces up in its own table; a piece new to it is taken from the shared map if another worker made it. */
    private final ThreadLocal<PieceTable> pieces = ThreadLocal.withInitial(PieceTable::new);
    private final Map<String, Piece> sharedPieces = new ConcurrentHashMap<>();
    private final LlamaSplitScanner scanner;
    /**
     * Direct-mapped by hash: repeated segments (a template's system header) stay while the many
     * one-off segments (each row's own text) only overwrite a slot, so nothing grows or resizes.
     */
    private final SegmentEntry[] segments = new SegmentEntry[SEGMENT_SLOTS];

    private record SegmentEntry(char[] segment, Piece piece) {
    }

    private PieceCachingEncoder(HuggingFaceTokenizer tokenizer, ByteLevelBpe bpe, Pattern splitPattern,
                                List<String> added, List<Integer> ids) {
        this.tokenizer = tokenizer;
        this.bpe = bpe;
        this.splitPattern = splitPattern;
        this.scanner = LlamaSplitScanner.forPattern(splitPattern.pattern());
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
        this.addedTokenChars = new char[order.length][];
        this.addedTokenIds = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            addedTokens[k] = added.get(order[k]);
            addedTokenChars[k] = addedTokens[k].toCharArray();
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
        char[] chars = text.toCharArray();
        TokenBuffer out = new TokenBuffer(chars.length / 3 + 8);
        PieceTable table = pieces.get();
        int segmentStart = 0;
        char widest = 0;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            int k = addedTokenFirstChar[c] ? addedTokenAt(chars, i) : -1;
            if (k < 0) {
                widest = (char) Math.max(widest, c);
                continue;
            }
            encodeSegment(text, chars, segmentStart, i, widest < 0x80, table, out);
            out.add(addedTokenIds[k], i, i + addedTokenChars[k].length);
            i += addedTokenChars[k].length - 1;
            segmentStart = i + 1;
            widest = 0;
        }
        encodeSegment(text, chars, segmentStart, chars.length, widest < 0x80, table, out);
        return out.toTokenizedText();
    }

    /** The longest added token at {@code i} (they are sorted longest first), or -1. */
    private int addedTokenAt(char[] chars, int i) {
        for (int k = 0; k < addedTokenChars.length; k++) {
            char[] token = addedTokenChars[k];
            if (i + token.length <= chars.length && Arrays.equals(token, 0, token.length, chars, i, i + token.length)) {
                return k;
            }
        }
        return -1;
    }

    private void encodeSegment(String text, char[] chars, int from, int to, boolean ascii, PieceTable table,
                               TokenBuffer out) {
        if (from >= to) {
            return;
        }
        int hash = PieceTable.hash(chars, from, to);
        int slot = hash & (SEGMENT_SLOTS - 1);
        SegmentEntry entry = segments[slot];
        if (entry != null && Arrays.equals(entry.segment(), 0, entry.segment().length, chars, from, to)) {
            out.add(entry.piece(), from);
            return;
        }
        int first = out.size();
        if (ascii && scanner != null) {
            for (int i = from; i < to; ) {
                int end = scanner.pieceEnd(chars, i, to);
                addPiece(chars, i, end, table, out);
                i = end;
            }
        } else if (ascii || classifiesLikeTokenizers(chars, from, to)) {
            Matcher matcher = (ascii ? splitPattern : unicodeSplitPattern).matcher(text).region(from, to);
            int at = from;
            while (matcher.find()) {
                if (matcher.start() > at) { // text no alternative matched is a piece too (Isolated)
                    addPiece(chars, at, matcher.start(), table, out);
                }
                if (matcher.end() > matcher.start()) {
                    addPiece(chars, matcher.start(), matcher.end(), table, out);
                }
                at = matcher.end();
            }
            if (at < to) {
                addPiece(chars, at, to, table, out);
            }
        } else {
            out.add(encodeWhole(text.substring(from, to)), from);
        }
        if (to - from <= MAX_CACHED_SEGMENT) {
            // Racy but safe: entries are immutable and replace each other whole.
            segments[slot] = new SegmentEntry(Arrays.copyOfRange(chars, from, to), out.slice(first, from));
        }
    }

    private void addPiece(char[] chars, int from, int to, PieceTable table, TokenBuffer out) {
        int hash = PieceTable.hash(chars, from, to);
        Piece cached = table.get(chars, from, to, hash);
        if (cached == null) {
            String piece = new String(chars, from, to - from);
            cached = sharedPieces.get(piece);
            if (cached == null) {
                if (bpe != null && isAscii(piece)) {
                    TokenizedText tokens = bpe.encode(piece);
                    cached = new Piece(tokens.ids(), tokens.starts(), tokens.ends());
                } else {
                    cached = encodeWhole(piece);
                }
                if (sharedPieces.size() >= MAX_SHARED_PIECES) {
                    sharedPieces.clear(); // a crude bound; the pieces worth keeping come back at once
                }
                sharedPieces.put(piece, cached);
            }
            table.put(Arrays.copyOfRange(chars, from, to), hash, cached);
        }
        out.add(cached, from);
    }

    /** The Rust tokenizer on one string, offsets converted from code points to chars. */
    private Piece encodeWhole(String text) {
        TokenizedText tokens = DjlEncodings.toTokenizedText(text, tokenizer.encode(text, false, false));
        return new Piece(tokens.ids(), tokens.starts(), tokens.ends());
    }

    /**
     * Whether Java's regex classes certainly agree with Oniguruma's on this text: assigned BMP
     * characters only (no code points newer than Java's Unicode tables, no surrogate pairs), and
     * none that case-folds onto ASCII (such as the long s or the Kelvin sign) where {@code (?i)}
     * implementations differ.
     */
    private static boolean classifiesLikeTokenizers(char[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s[i];
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

        int size() {
            return size;
        }

        /** Tokens from index {@code first} on, offsets made relative to {@code origin}. */
        Piece slice(int first, int origin) {
            int n = size - first;
            int[] s = new int[n];
            int[] e = new int[n];
            for (int t = 0; t < n; t++) {
                s[t] = starts[first + t] - origin;
                e[t] = ends[first + t] - origin;
            }
            return new Piece(Arrays.copyOfRange(ids, first, size), s, e);
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
