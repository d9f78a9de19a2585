package io.smolforge.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which examples form each micro-batch of an epoch, per transformers' {@code train_sampling_strategy}:
 * {@code sequential} (file order), {@code random} (a seeded shuffle per epoch), or
 * {@code group_by_length} (transformers' LengthGroupedSampler: shuffle, cut into mega-batches of 50
 * batches, sort each by length descending, put the longest batch first).
 * The order depends only on (seed, epoch), so a resumed run sees the same batches.
 */
public final class BatchOrder {

    private static final int MEGABATCH_MULTIPLIER = 50;

    private final String strategy;
    private final int batchSize;
    private final long seed;

    public BatchOrder(String strategy, int batchSize, long seed) {
        if (!strategy.equals("sequential") && !strategy.equals("random") && !strategy.equals("group_by_length")) {
            throw new IllegalArgumentException("train_sampling_strategy '" + strategy
                    + "' is not supported (sequential, random, group_by_length)");
        }
        this.strategy = strategy;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** The micro-batches of one epoch (the last may be smaller), as example indices. */
    public List<List<Integer>> batches(int[] lengths, int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        if (!strategy.equals("sequential")) {
            Collections.shuffle(order, random);
        }
        if (strategy.equals("group_by_length")) {
            order = groupByLength(order, lengths);
        }
        List<List<Integer>> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            batches.add(List.copyOf(order.subList(start, Math.min(order.size(), start + batchSize))));
        }
        return batches;
    }

    public static int batchesPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    private List<Integer> groupByLength(List<Integer> shuffled, int[] lengths) {
        int megabatchSize = MEGABATCH_MULTIPLIER * batchSize;
        List<List<Integer>> megabatches = new ArrayList<>();
        for (int start = 0; start < shuffled.size(); start += megabatchSize) {
            List<Integer> megabatch = new ArrayList<>(shuffled.subList(start, Math.min(shuffled.size(), start + megabatchSize)));
            megabatch.sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
            megabatches.add(megabatch);
        }
        // the longest example goes into the first batch, so an out-of-memory shows at once
        int longestMega = 0;
        for (int m = 1; m < megabatches.size(); m++) {
            if (lengths[megabatches.get(m).get(0)] > lengths[megabatches.get(longestMega).get(0)]) {
                longestMega = m;
            }
        }
        Integer first = megabatches.get(0).get(0);
        megabatches.get(0).set(0, megabatches.get(longestMega).get(0));
        megabatches.get(longestMega).set(0, first);
        List<Integer> order = new ArrayList<>();
        megabatches.forEach(order::addAll);
        return order;
    }
}
