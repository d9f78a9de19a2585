package io.smolforge.template.prepare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TRL's {@code wrapped} packing: the batch's tokens end to end, cut every {@code maxLength} tokens
 * regardless of sequence boundaries (the last row of a batch is shorter). A row is one sequence
 * for attention purposes, as in TRL, where wrapped rows carry no {@code seq_lengths}.
 */
public final class WrappedPacker implements SequencePacker {

    private final int maxLength;

    public WrappedPacker(int maxLength) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("max_length must be positive for packing, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    public List<PackedRow> pack(List<TokenizedExample> batch) {
        int total = 0;
        for (TokenizedExample example : batch) {
            total += example.length();
        }
        PackedRow all = BestFitDecreasingPacker.concatenate(batch, total);
        List<PackedRow> rows = new ArrayList<>(total / maxLength + 1);
        for (int from = 0; from < total; from += maxLength) {
            int to = Math.min(total, from + maxLength);
            rows.add(new PackedRow(Arrays.copyOfRange(all.inputIds(), from, to),
                    Arrays.copyOfRange(all.labels(), from, to), new int[] {to - from}));
        }
        return rows;
    }
}
