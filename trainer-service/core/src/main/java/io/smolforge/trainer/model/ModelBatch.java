package io.smolforge.trainer.model;

/**
 * Token rows ready for the model, flattened row-major as [rows, length].
 *
 * @param positionIds per-token positions; a restart at 0 inside a row starts a new sequence (packed rows)
 * @param attentionMask 1 for real tokens, 0 for right padding
 * @param labels next-token targets are {@code labels[t + 1]}; -100 means no loss; may be {@code null} for inference
 */
public record ModelBatch(int rows, int length, long[] inputIds, long[] positionIds, int[] attentionMask, long[] labels) {

    public static final long IGNORE_INDEX = -100;

    public ModelBatch {
        int size = rows * length;
        if (inputIds.length != size || positionIds.length != size || attentionMask.length != size
                || (labels != null && labels.length != size)) {
            throw new IllegalArgumentException("batch arrays must all hold rows*length = " + size + " values");
        }
    }

    /** One unpadded sequence with positions 0..n-1. */
    public static ModelBatch single(long[] inputIds, long[] labels) {
        long[] positions = new long[inputIds.length];
        int[] mask = new int[inputIds.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
            mask[i] = 1;
        }
        return new ModelBatch(1, inputIds.length, inputIds, positions, mask, labels);
    }

    /** Number of tokens that carry a loss: shifted labels that are not -100. */
    public int countLabelTokens() {
        int count = 0;
        for (int r = 0; r < rows; r++) {
            for (int t = 1; t < length; t++) {
                if (labels[r * length + t] != IGNORE_INDEX && !startsSequence(r, t)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Real (non-padding) tokens, the numerator of tokens per second. */
    public int countRealTokens() {
        int count = 0;
        for (int value : attentionMask) {
            count += value;
        }
        return count;
    }

    /**
     * Whether token t of row r begins a new packed sequence; its label is then not a target of token t-1
     * (transformers' padding-free collator sets the first label of each sequence to -100 for the same reason).
     */
    boolean startsSequence(int row, int t) {
        return t > 0 && positionIds[row * length + t] == 0;
    }

    /** Rows [from, to) as a batch of their own, cut to the longest of them (rows are right-padded). */
    public ModelBatch slice(int from, int to) {
        int count = to - from;
        int used = 0;
        for (int r = from; r < to; r++) {
            for (int t = length - 1; t >= used; t--) {
                if (attentionMask[r * length + t] == 1) {
                    used = t + 1;
                    break;
                }
            }
        }
        int width = Math.max(1, used);
        long[] ids = new long[count * width];
        long[] positions = new long[count * width];
        int[] mask = new int[count * width];
        long[] targets = labels == null ? null : new long[count * width];
        for (int r = 0; r < count; r++) {
            int source = (from + r) * length;
            System.arraycopy(inputIds, source, ids, r * width, width);
            System.arraycopy(positionIds, source, positions, r * width, width);
            System.arraycopy(attentionMask, source, mask, r * width, width);
            if (labels != null) {
                System.arraycopy(labels, source, targets, r * width, width);
            }
        }
        return new ModelBatch(count, width, ids, positions, mask, targets);
    }
}
