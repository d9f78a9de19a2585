package io.smolforge.trainer.data;

/**
 * One training or scoring sequence.
 *
 * @param labels per-token labels, -100 where no loss; {@code null} means "labels = input_ids" (language modelling)
 * @param positionIds per-token positions for a packed row (restarting at 0 per sequence); {@code null} means 0..n-1
 */
public record TokenizedExample(long[] inputIds, long[] labels, long[] positionIds) {

    public TokenizedExample {
        if (inputIds.length == 0) {
            throw new IllegalArgumentException("an example needs at least one token");
        }
        if (labels != null && labels.length != inputIds.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " values for " + inputIds.length + " input_ids");
        }
        if (positionIds != null && positionIds.length != inputIds.length) {
            throw new IllegalArgumentException("position_ids has " + positionIds.length + " values for "
                    + inputIds.length + " input_ids");
        }
    }

    public TokenizedExample(long[] inputIds, long[] labels) {
        this(inputIds, labels, null);
    }

    public int length() {
        return inputIds.length;
    }

    /** The labels to train on: the given ones, or a copy of input_ids. */
    public long[] effectiveLabels() {
        return labels != null ? labels : inputIds.clone();
    }

    public long[] effectivePositions() {
        if (positionIds != null) {
            return positionIds;
        }
        long[] positions = new long[inputIds.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        return positions;
    }
}
