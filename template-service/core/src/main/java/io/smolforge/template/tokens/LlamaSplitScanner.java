package io.smolforge.template.tokens;

/**
 * The pre-tokenizer regex of Llama 3, SmolLM3 and (with single digits) Qwen2, hand-coded for ASCII
 * text, where it is several times faster than {@code java.util.regex}:
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * Each method below is one alternative, tried in order, as the regex engine does.
 */
final class LlamaSplitScanner {

    static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final int maxDigits;

    private LlamaSplitScanner(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    /** The scanner for a pattern, or null when the pattern is not one of the two. */
    static LlamaSplitScanner forPattern(String regex) {
        return LLAMA3_PATTERN.equals(regex) ? new LlamaSplitScanner(3)
                : QWEN2_PATTERN.equals(regex) ? new LlamaSplitScanner(1) : null;
    }

    /** End of the piece that starts at {@code i} in the ASCII text {@code s[..end)}. */
    int pieceEnd(char[] s, int i, int end) {
        int m = contraction(s, i, end);
        if (m < 0) {
            m = letters(s, i, end);
        }
        if (m < 0) {
            m = digits(s, i, end);
        }
        if (m < 0) {
            m = punctuation(s, i, end);
        }
        if (m < 0) {
            m = spaceThroughLastNewline(s, i, end);
        }
        if (m < 0) {
            m = spaceNotBeforeText(s, i, end);
        }
        if (m < 0) {
            m = whitespaceRun(s, i, end); // every ASCII char starts one of the alternatives
        }
        return m;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r'); // \t \n \u000B \f \r
    }

    private static boolean isNewline(char c) {
        return c == '\r' || c == '\n';
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)} */
    private static int contraction(char[] s, int i, int end) {
        if (s[i] != '\'' || i + 1 >= end) {
            return -1;
        }
        char a = Character.toLowerCase(s[i + 1]);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return i + 2;
        }
        if (i + 2 < end) {
            char b = Character.toLowerCase(s[i + 2]);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
                return i + 3;
            }
        }
        return -1;
    }

    /** {@code [^\r\n\p{L}\p{N}]?\p{L}+} */
    private static int letters(char[] s, int i, int end) {
        char c = s[i];
        int j = i;
        if (!isNewline(c) && !isLetter(c) && !isDigit(c)) {
            if (i + 1 >= end || !isLetter(s[i + 1])) {
                return -1;
            }
            j = i + 1;
        } else if (!isLetter(c)) {
            return -1;
        }
        while (j < end && isLetter(s[j])) {
            j++;
        }
        return j;
    }

    /** {@code \p{N}{1,3}} (or {@code \p{N}}) */
    private int digits(char[] s, int i, int end) {
        int j = i;
        while (j < end && j - i < maxDigits && isDigit(s[j])) {
            j++;
        }
        return j > i ? j : -1;
    }

    /** {@code  ?[^\s\p{L}\p{N}]+[\r\n]*} */
    private static int punctuation(char[] s, int i, int end) {
        int j = s[i] == ' ' ? i + 1 : i;
        int start = j;
        while (j < end && isPunctuation(s[j])) {
            j++;
        }
        if (j == start) {
            return -1;
        }
        while (j < end && isNewline(s[j])) {
            j++;
        }
        return j;
    }

    private static boolean isPunctuation(char c) {
        return !isSpace(c) && !isLetter(c) && !isDigit(c);
    }

    /** {@code \s*[\r\n]+}: the whitespace run up to and including its last line break. */
    private static int spaceThroughLastNewline(char[] s, int i, int end) {
        int lastNewline = -1;
        for (int j = i; j < end && isSpace(s[j]); j++) {
            if (isNewline(s[j])) {
                lastNewline = j;
            }
        }
        return lastNewline < 0 ? -1 : lastNewline + 1;
    }

    /** {@code \s+(?!\S)}: a whitespace run, leaving its last char to the word that follows. */
    private static int spaceNotBeforeText(char[] s, int i, int end) {
        int j = i;
        while (j < end && isSpace(s[j])) {
            j++;
        }
        if (j == i) {
            return -1;
        }
        if (j == end) {
            return j;
        }
        return j - i >= 2 ? j - 1 : -1;
    }

    /** {@code \s+} */
    private static int whitespaceRun(char[] s, int i, int end) {
        int j = i;
        while (j < end && isSpace(s[j])) {
            j++;
        }
        return j > i ? j : -1;
    }
}
