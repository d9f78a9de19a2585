package io.smolforge.template.tokens;

/**
 * The token ids of a text and, per token, the {@code [start, end)} range of Java {@code char}s it
 * came from (the Hugging Face offsets, converted from code points).
 */
public record TokenizedText(int[] ids, int[] starts, int[] ends) {

    public TokenizedText {
        if (ids.length != starts.length || ids.length != ends.length) {
            throw new IllegalArgumentException("ids, starts and ends differ in length");
        }
    }

    public int size() {
        return ids.length;
    }

    /**
     * The first token whose range contains {@code charIndex}, or -1: {@code Encoding.char_to_token}
     * of Hugging Face tokenizers (a linear scan, because that is what decides ties between tokens
     * that share a character, e.g. the byte tokens of one emoji).
     */
    public int tokenAt(int charIndex) {
        for (int t = 0; t < ids.length; t++) {
            if (charIndex >= starts[t] && charIndex < ends[t]) {
                return t;
            }
        }
        return -1;
    }
}
