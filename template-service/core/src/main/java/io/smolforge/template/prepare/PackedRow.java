package io.smolforge.template.prepare;

/**
 * One training row: the concatenated tokens of one or more sequences and the length of each
 * ({@code seq_lengths} in TRL), from which per-sequence position ids are derived.
 */
public record PackedRow(int[] inputIds, int[] labels, int[] sequenceLengths) {

    public PackedRow {
        int total = 0;
        for (int length : sequenceLengths) {
            total += length;
        }
        if (inputIds.length != labels.length || total != inputIds.length) {
            throw new IllegalArgumentException("row of " + inputIds.length + " tokens, " + labels.length
                    + " labels, sequences summing to " + total);
        }
    }

    /** A row holding a single sequence. */
    public static PackedRow of(TokenizedExample example) {
        return new PackedRow(example.inputIds(), example.labels(), new int[] {example.length()});
    }

    public int length() {
        return inputIds.length;
    }

    /** Positions restarting at 0 at each sequence start (TRL's {@code get_position_ids_from_packed_seq_lengths}). */
    public int[] positionIds() {
        int[] positions = new int[inputIds.length];
        int t = 0;
        for (int length : sequenceLengths) {
            for (int p = 0; p < length; p++) {
                positions[t++] = p;
            }
        }
        return positions;
    }
}
