package io.smolforge.api.tokens;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard of prepared training tokens: flat 1-D tensors over all tokens {@code T} of the shard
 * plus the lengths of its training rows {@code R} (a packed bin or one unpacked sequence).
 *
 * <ul>
 *   <li>{@code inputIds} [T]: token ids;</li>
 *   <li>{@code labels} [T]: the id where the token is a loss target, {@code -100} where not;</li>
 *   <li>{@code positionIds} [T]: restart at 0 at every sequence start, so a packed row is
 *       padding-free and nothing attends across a sequence boundary;</li>
 *   <li>{@code rowLengths} [R]: rows in order, summing to T.</li>
 * </ul>
 * {@code metadata} is the safetensors {@code __metadata__}: {@code format}, {@code packing},
 * {@code max_length}.
 */
public record TokenShard(long[] inputIds, long[] labels, long[] positionIds, long[] rowLengths,
                         Map<String, String> metadata) {

    public static final String FORMAT = "smolforge.tokens/1";
    public static final long IGNORE_INDEX = -100;

    public TokenShard {
        if (labels.length != inputIds.length || positionIds.length != inputIds.length) {
            throw new IllegalArgumentException("input_ids, labels and position_ids must have the same length, got "
                    + inputIds.length + ", " + labels.length + ", " + positionIds.length);
        }
        long total = 0;
        for (long length : rowLengths) {
            if (length <= 0) {
                throw new IllegalArgumentException("row_lengths must be positive, got " + length);
            }
            total += length;
        }
        if (total != inputIds.length) {
            throw new IllegalArgumentException("row_lengths sum to " + total + " but the shard has " + inputIds.length + " tokens");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.putAll(metadata);
        metadata = Map.copyOf(meta);
    }

    /** Metadata for a shard made with a packing strategy ({@code bfd}, {@code bfd_split}, {@code wrapped}, {@code none}). */
    public static Map<String, String> metadata(String packing, Integer maxLength) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("packing", packing);
        meta.put("max_length", maxLength == null ? "None" : maxLength.toString());
        return meta;
    }

    public int tokenCount() {
        return inputIds.length;
    }

    public int rowCount() {
        return rowLengths.length;
    }

    /** Where each row starts in the flat tensors ([R + 1], the last entry = T). */
    public long[] rowOffsets() {
        long[] offsets = new long[rowLengths.length + 1];
        for (int r = 0; r < rowLengths.length; r++) {
            offsets[r + 1] = offsets[r] + rowLengths[r];
        }
        return offsets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenShard other
                && Arrays.equals(inputIds, other.inputIds) && Arrays.equals(labels, other.labels)
                && Arrays.equals(positionIds, other.positionIds) && Arrays.equals(rowLengths, other.rowLengths)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inputIds) * 31 + Arrays.hashCode(rowLengths);
    }

    @Override
    public String toString() {
        return "TokenShard[tokens=" + inputIds.length + ", rows=" + rowLengths.length + ", metadata=" + metadata + "]";
    }
}
