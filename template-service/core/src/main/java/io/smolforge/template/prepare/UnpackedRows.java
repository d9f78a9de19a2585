package io.smolforge.template.prepare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * No packing: one row per sequence, truncated to {@code max_length} as TRL does without packing
 * ({@code keep_start} keeps the first tokens, {@code keep_end} the last), after which sequences
 * left without any loss token are dropped. Without a {@code max_length} rows pass unchanged.
 */
public final class UnpackedRows implements SequencePacker {

    private final Integer maxLength;
    private final TruncationMode truncationMode;

    public UnpackedRows(Integer maxLength, TruncationMode truncationMode) {
        this.maxLength = maxLength;
        this.truncationMode = truncationMode;
    }

    @Override
    public List<PackedRow> pack(List<TokenizedExample> batch) {
        List<PackedRow> rows = new ArrayList<>(batch.size());
        for (TokenizedExample example : batch) {
            if (maxLength == null) {
                rows.add(PackedRow.of(example));
                continue;
            }
            TokenizedExample truncated = truncate(example);
            if (truncated.hasLossTokens()) {
                rows.add(PackedRow.of(truncated));
            }
        }
        return rows;
    }

    private TokenizedExample truncate(TokenizedExample example) {
        int length = example.length();
        if (length <= maxLength) {
            return example;
        }
        int from = truncationMode == TruncationMode.KEEP_END ? length - maxLength : 0;
        return new TokenizedExample(Arrays.copyOfRange(example.inputIds(), from, from + maxLength),
                Arrays.copyOfRange(example.labels(), from, from + maxLength));
    }
}
