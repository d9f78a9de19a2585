package io.smolforge.trainer.data;

import io.smolforge.trainer.model.ModelBatch;

import java.util.List;

/**
 * Builds a {@link ModelBatch} from examples with right padding: input_ids padded with pad_token_id,
 * labels with -100, attention mask 0 on padding. A packed example (its position ids restart at 0)
 * stays one row; the model keeps its sequences apart with a block-diagonal mask, so its loss equals
 * the loss of the sequences fed separately (TRL's padding-free batches give the same numbers).
 */
public final class BatchCollator {

    private final long padTokenId;

    public BatchCollator(long padTokenId) {
        this.padTokenId = padTokenId;
    }

    public ModelBatch collate(List<TokenizedExample> examples) {
        int rows = examples.size();
        int length = examples.stream().mapToInt(TokenizedExample::length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] positions = new long[rows * length];
        int[] mask = new int[rows * length];
        long[] labels = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            TokenizedExample example = examples.get(r);
            long[] exampleLabels = example.effectiveLabels();
            long[] examplePositions = example.effectivePositions();
            for (int t = 0; t < length; t++) {
                int i = r * length + t;
                if (t < example.length()) {
                    ids[i] = example.inputIds()[t];
                    labels[i] = exampleLabels[t];
                    positions[i] = examplePositions[t];
                    mask[i] = 1;
                } else {
                    ids[i] = padTokenId;
                    labels[i] = ModelBatch.IGNORE_INDEX;
                    positions[i] = t;
                }
            }
        }
        return new ModelBatch(rows, length, ids, positions, mask, labels);
    }
}
