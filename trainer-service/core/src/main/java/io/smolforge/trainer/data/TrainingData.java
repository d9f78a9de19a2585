package io.smolforge.trainer.data;

import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads training examples from pre-tokenized JSON lines or from a prepare output folder of token shards. */
public final class TrainingData {

    private TrainingData() {
    }

    /** A directory is read as token shards (one example per row, packed rows kept whole); a file as JSON lines. */
    public static List<TokenizedExample> load(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            return fromShards(input);
        }
        if (!Files.isRegularFile(input)) {
            throw new InvalidDatasetException(input + ": no such file or directory");
        }
        return TokenizedJsonl.read(input);
    }

    private static List<TokenizedExample> fromShards(Path dir) throws IOException {
        List<Path> shards = TokenShardReader.shardsIn(dir);
        if (shards.isEmpty()) {
            throw new InvalidDatasetException(dir + ": no shard-*.safetensors files (a prepare output folder was expected)");
        }
        List<TokenizedExample> examples = new ArrayList<>();
        for (Path file : shards) {
            TokenShard shard = TokenShardReader.read(file);
            long[] offsets = shard.rowOffsets();
            for (int row = 0; row < shard.rowCount(); row++) {
                int from = (int) offsets[row];
                int to = from + (int) shard.rowLengths()[row];
                examples.add(new TokenizedExample(Arrays.copyOfRange(shard.inputIds(), from, to),
                        Arrays.copyOfRange(shard.labels(), from, to), Arrays.copyOfRange(shard.positionIds(), from, to)));
            }
        }
        return examples;
    }

    /** TRL truncates tokenized examples to max_length (keeping the start). */
    public static List<TokenizedExample> truncate(List<TokenizedExample> examples, Integer maxLength) {
        if (maxLength == null) {
            return examples;
        }
        List<TokenizedExample> out = new ArrayList<>(examples.size());
        for (TokenizedExample e : examples) {
            if (e.length() <= maxLength) {
                out.add(e);
            } else {
                out.add(new TokenizedExample(Arrays.copyOf(e.inputIds(), maxLength),
                        e.labels() == null ? null : Arrays.copyOf(e.labels(), maxLength),
                        e.positionIds() == null ? null : Arrays.copyOf(e.positionIds(), maxLength)));
            }
        }
        return out;
    }
}
