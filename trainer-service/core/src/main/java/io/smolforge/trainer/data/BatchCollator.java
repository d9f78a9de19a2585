package io.smolforge.trainer.data;

import io.smolforge.trainer.model.ModelBatch;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Packs the examples of one micro-batch into as few rows of at most {@code rowLength} tokens as
     * first-fit-decreasing finds, then pads those rows. The step sees the same examples and the same loss as
     * with one padded row per example (packed sequences are kept apart by the block-diagonal mask), but
     * far fewer padding tokens go through the model.
     */
    public ModelBatch collatePacked(List<TokenizedExample> examples, int rowLength) {
        int longest = examples.stream().mapToInt(TokenizedExample::length).max().orElseThrow();
        int capacity = Math.max(rowLength, longest);
        List<TokenizedExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(TokenizedExample::length).reversed());
        List<List<TokenizedExample>> bins = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (TokenizedExample example : sorted) {
            int bin = 0;
            while (bin < bins.size() && used.get(bin) + example.length() > capacity) {
                bin++;
            }
            if (bin == bins.size()) {
                bins.add(new ArrayList<>());
                used.add(0);
            }
            bins.get(bin).add(example);
            used.set(bin, used.get(bin) + example.length());
        }
        List<TokenizedExample> rows = new ArrayList<>();
        for (List<TokenizedExample> bin : bins) {
            rows.add(bin.size() == 1 ? bin.get(0) : concatenate(bin));
        }
        return collate(rows);
    }

    /** One row holding the sequences back to back, each with its own positions (0..n-1). */
    public static TokenizedExample concatenate(List<TokenizedExample> parts) {
        int total = parts.stream().mapToInt(TokenizedExample::length).sum();
        long[] ids = new long[total];
        long[] labels = new long[total];
        long[] positions = new long[total];
        int offset = 0;
        for (TokenizedExample part : parts) {
            System.arraycopy(part.inputIds(), 0, ids, offset, part.length());
            System.arraycopy(part.effectiveLabels(), 0, labels, offset, part.length());
            System.arraycopy(part.effectivePositions(), 0, positions, offset, part.length());
            offset += part.length();
        }
        return new TokenizedExample(ids, labels, positions);
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
