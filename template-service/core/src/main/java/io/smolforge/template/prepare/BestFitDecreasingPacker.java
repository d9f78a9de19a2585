package io.smolforge.template.prepare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * Best-fit-decreasing packing as TRL 1.13's {@code _pack_bfd}: sequences, longest first (ties in
 * input order), each go into the open bin whose free space is the smallest that still fits
 * (among bins with equal space, the one that got that space first), else into a new bin.
 * Sequences stay whole; empty ones are dropped. One longer than the bin is cut to its first
 * {@code maxLength} tokens ({@code bfd}), or split into {@code maxLength} pieces plus a shorter
 * last piece that are packed as separate sequences ({@code bfd_split}). Bins come out in the order
 * they were opened.
 */
public final class BestFitDecreasingPacker implements SequencePacker {

    private final int maxLength;
    private final boolean splitOverflow;

    public BestFitDecreasingPacker(int maxLength, boolean splitOverflow) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("max_length must be positive for packing, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.splitOverflow = splitOverflow;
    }

    private static final class Bin {
        final List<TokenizedExample> sequences = new ArrayList<>();
        int length;
    }

    @Override
    public List<PackedRow> pack(List<TokenizedExample> batch) {
        List<TokenizedExample> sequences = fitToBin(batch);
        Integer[] order = new Integer[sequences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort, as Arrow's sort_indices: equal lengths keep their input order.
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> sequences.get(i).length()).reversed());

        List<Bin> bins = new ArrayList<>();
        // Free space -> bins with exactly that space, oldest first (TRL's segment tree + deques).
        TreeMap<Integer, Deque<Bin>> binsBySpace = new TreeMap<>();
        for (int index : order) {
            TokenizedExample sequence = sequences.get(index);
            int length = sequence.length();
            Integer space = binsBySpace.ceilingKey(length);
            Bin bin;
            if (space == null) {
                bin = new Bin();
                bins.add(bin);
            } else {
                Deque<Bin> sameSpace = binsBySpace.get(space);
                bin = sameSpace.pollFirst();
                if (sameSpace.isEmpty()) {
                    binsBySpace.remove(space);
                }
            }
            bin.sequences.add(sequence);
            bin.length += length;
            int left = maxLength - bin.length;
            if (left > 0) {
                binsBySpace.computeIfAbsent(left, k -> new ArrayDeque<>()).addLast(bin);
            }
        }
        List<PackedRow> rows = new ArrayList<>(bins.size());
        for (Bin bin : bins) {
            rows.add(concatenate(bin.sequences, bin.length));
        }
        return rows;
    }

    private List<TokenizedExample> fitToBin(List<TokenizedExample> batch) {
        List<TokenizedExample> out = new ArrayList<>(batch.size());
        for (TokenizedExample example : batch) {
            int length = example.length();
            if (length == 0) {
                continue;
            }
            if (length <= maxLength) {
                out.add(example);
            } else if (!splitOverflow) {
                out.add(slice(example, 0, maxLength));
            } else {
                for (int from = 0; from < length; from += maxLength) {
                    out.add(slice(example, from, Math.min(length, from + maxLength)));
                }
            }
        }
        return out;
    }

    private static TokenizedExample slice(TokenizedExample example, int from, int to) {
        return new TokenizedExample(Arrays.copyOfRange(example.inputIds(), from, to),
                Arrays.copyOfRange(example.labels(), from, to));
    }

    static PackedRow concatenate(List<TokenizedExample> sequences, int totalLength) {
        int[] ids = new int[totalLength];
        int[] labels = new int[totalLength];
        int[] lengths = new int[sequences.size()];
        int at = 0;
        for (int s = 0; s < sequences.size(); s++) {
            TokenizedExample sequence = sequences.get(s);
            System.arraycopy(sequence.inputIds(), 0, ids, at, sequence.length());
            System.arraycopy(sequence.labels(), 0, labels, at, sequence.length());
            lengths[s] = sequence.length();
            at += sequence.length();
        }
        return new PackedRow(ids, labels, lengths);
    }
}
