package io.smolforge.template.prepare;

/** One tokenized dataset row: its token ids and labels ({@code -100} where the token is not a loss target). */
public record TokenizedExample(int[] inputIds, int[] labels) {

    public static final int IGNORE_INDEX = -100;

    public TokenizedExample {
        if (inputIds.length != labels.length) {
            throw new IllegalArgumentException("input_ids and labels differ in length: " + inputIds.length + " vs " + labels.length);
        }
    }

    public int length() {
        return inputIds.length;
    }

    /** Whether any token is a loss target. */
    public boolean hasLossTokens() {
        for (int label : labels) {
            if (label != IGNORE_INDEX) {
                return true;
            }
        }
        return false;
    }
}
