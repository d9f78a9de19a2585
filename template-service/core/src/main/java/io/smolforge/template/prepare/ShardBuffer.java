package io.smolforge.template.prepare;

import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Collects training rows and writes them as {@code shard-NNNNN.safetensors} files of about
 * {@code shardTokens} tokens each (a row is never split). Labels at sequence starts become
 * {@code -100}, as TRL's padding-free collator does: in a packed row that token would otherwise be
 * predicted from the previous sequence.
 */
final class ShardBuffer {

    private final Path dir;
    private final long shardTokens;
    private final Map<String, String> metadata;
    private final List<String> files = new ArrayList<>();

    private long[] ids = new long[1 << 16];
    private long[] labels = new long[1 << 16];
    private long[] positions = new long[1 << 16];
    private long[] rowLengths = new long[1 << 10];
    private int tokens;
    private int rows;

    private long totalTokens;
    private long totalRows;
    private long lossTokens;
    private long sequences;

    ShardBuffer(Path dir, long shardTokens, Map<String, String> metadata) {
        this.dir = dir;
        this.shardTokens = shardTokens;
        this.metadata = metadata;
    }

    void add(PackedRow row) {
        int length = row.length();
        if (length == 0) {
            return;
        }
        ensureCapacity(tokens + length, rows + 1);
        int[] rowIds = row.inputIds();
        int[] rowLabels = row.labels();
        int at = tokens;
        for (int sequenceLength : row.sequenceLengths()) {
            for (int p = 0; p < sequenceLength; p++, at++) {
                ids[at] = rowIds[at - tokens];
                long label = p == 0 ? TokenShard.IGNORE_INDEX : rowLabels[at - tokens];
                labels[at] = label;
                positions[at] = p;
                if (label != TokenShard.IGNORE_INDEX) {
                    lossTokens++;
                }
            }
            sequences++;
        }
        rowLengths[rows++] = length;
        tokens += length;
        totalTokens += length;
        totalRows++;
        if (tokens >= shardTokens) {
            flush();
        }
    }

    /** Writes what is buffered as the next shard (nothing when empty). */
    void flush() {
        if (rows == 0) {
            return;
        }
        String name = TokenShardWriter.fileName(files.size());
        TokenShard shard = new TokenShard(Arrays.copyOf(ids, tokens), Arrays.copyOf(labels, tokens),
                Arrays.copyOf(positions, tokens), Arrays.copyOf(rowLengths, rows), metadata);
        try {
            TokenShardWriter.write(shard, dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
        files.add(name);
        tokens = 0;
        rows = 0;
    }

    private void ensureCapacity(int tokenCount, int rowCount) {
        if (tokenCount > ids.length) {
            int size = Math.max(tokenCount, ids.length * 2);
            ids = Arrays.copyOf(ids, size);
            labels = Arrays.copyOf(labels, size);
            positions = Arrays.copyOf(positions, size);
        }
        if (rowCount > rowLengths.length) {
            rowLengths = Arrays.copyOf(rowLengths, rowLengths.length * 2);
        }
    }

    List<String> files() {
        return List.copyOf(files);
    }

    long totalTokens() {
        return totalTokens;
    }

    long totalRows() {
        return totalRows;
    }

    long lossTokens() {
        return lossTokens;
    }

    long sequences() {
        return sequences;
    }
}
