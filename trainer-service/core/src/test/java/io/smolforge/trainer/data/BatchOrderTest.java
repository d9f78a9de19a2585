package io.smolforge.trainer.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchOrderTest {

    private static final int[] LENGTHS = {5, 50, 7, 300, 12, 9, 120, 33, 64, 2, 18, 250};

    @Test
    void sequentialKeepsFileOrder() {
        assertThat(new BatchOrder("sequential", 5, 1).batches(LENGTHS, 0))
                .containsExactly(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9), List.of(10, 11));
    }

    @Test
    void randomOrderIsAPermutationFixedBySeedAndEpoch() {
        BatchOrder order = new BatchOrder("random", 4, 42);
        assertThat(flatten(order.batches(LENGTHS, 0))).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(order.batches(LENGTHS, 0)).isEqualTo(new BatchOrder("random", 4, 42).batches(LENGTHS, 0));
        assertThat(order.batches(LENGTHS, 1)).isNotEqualTo(order.batches(LENGTHS, 0));
    }

    @Test
    void groupByLengthPutsTheLongestFirstAndSortsWithinMegabatches() {
        List<List<Integer>> batches = new BatchOrder("group_by_length", 2, 3).batches(LENGTHS, 0);
        List<Integer> order = flatten(batches);
        assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(order.get(0)).isEqualTo(3);
        // one mega-batch (50 * 2 >= 12 examples): lengths descend
        for (int i = 1; i < order.size(); i++) {
            assertThat(LENGTHS[order.get(i)]).isLessThanOrEqualTo(LENGTHS[order.get(i - 1)]);
        }
    }

    private static List<Integer> flatten(List<List<Integer>> batches) {
        List<Integer> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }
}
