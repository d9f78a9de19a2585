package io.smolforge.dataset.write;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A seeded shuffle of any number of rows in bounded memory. Each row comes with a random 64-bit key; rows are
 * spread over 64 bucket files by the key's top 6 bits, then each bucket is read back, sorted by key and emitted.
 * The result is the rows sorted by key, i.e. a uniform permutation fixed by the seed that made the keys. A bucket
 * larger than the memory budget is split again by the next 6 bits, so memory stays at about one budget.
 */
public final class ShuffleSpool implements Closeable {
    /** Receives rows in key order. */
    public interface Consumer {
        void accept(long key, byte[] json) throws IOException;
    }

    private static final int BITS = 6;
    private static final int BUCKETS = 1 << BITS;

    private final Path dir;
    private final long budgetBytes;
    private final int level;
    private final DataOutputStream[] outputs = new DataOutputStream[BUCKETS];
    private final long[] sizes = new long[BUCKETS];
    private long rows;

    public ShuffleSpool(Path workDir, long budgetBytes) throws IOException {
        this(Files.createTempDirectory(Files.createDirectories(workDir), "shuffle-"), budgetBytes, 0);
    }

    private ShuffleSpool(Path dir, long budgetBytes, int level) {
        this.dir = dir;
        this.budgetBytes = budgetBytes;
        this.level = level;
    }

    public void add(long key, byte[] json) throws IOException {
        int bucket = (int) ((key << (level * BITS)) >>> (64 - BITS));
        DataOutputStream out = outputs[bucket];
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bucketFile(bucket)), 32 * 1024));
            outputs[bucket] = out;
        }
        out.writeLong(key);
        out.writeInt(json.length);
        out.write(json);
        sizes[bucket] += json.length + 12;
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Emits every row in unsigned key order, then deletes the spool's files. */
    public void drain(Consumer consumer) throws IOException {
        closeOutputs();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            if (outputs[bucket] == null) {
                continue;
            }
            Path file = bucketFile(bucket);
            boolean splitAgain = sizes[bucket] > budgetBytes && (level + 2) * BITS <= 64;
            if (splitAgain) {
                try (ShuffleSpool finer = new ShuffleSpool(Files.createTempDirectory(dir, "b" + bucket + "-"),
                        budgetBytes, level + 1)) {
                    readAll(file, finer::add);
                    Files.delete(file);
                    finer.drain(consumer);
                }
            } else {
                sortAndEmit(file, consumer);
                Files.delete(file);
            }
        }
    }

    private void sortAndEmit(Path file, Consumer consumer) throws IOException {
        List<long[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        readAll(file, (key, json) -> {
            keys.add(new long[] {key, values.size()});
            values.add(json);
        });
        long[][] order = keys.toArray(new long[0][]);
        Arrays.sort(order, Comparator.comparing((long[] entry) -> entry[0], Long::compareUnsigned));
        for (long[] entry : order) {
            consumer.accept(entry[0], values.get((int) entry[1]));
        }
    }

    private static void readAll(Path file, Consumer consumer) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024))) {
            while (true) {
                long key;
                try {
                    key = in.readLong();
                } catch (EOFException end) {
                    return;
                }
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                consumer.accept(key, json);
            }
        }
    }

    private Path bucketFile(int bucket) {
        return dir.resolve(String.format("bucket-%02d.bin", bucket));
    }

    private void closeOutputs() throws IOException {
        for (DataOutputStream out : outputs) {
            if (out != null) {
                out.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeOutputs();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
