package io.smolforge.api.tokens;

import io.smolforge.api.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link TokenShard} as one safetensors file ({@code shard-00000.safetensors}). */
public final class TokenShardWriter {

    private TokenShardWriter() {
    }

    /** The file name of shard number {@code index}: {@code shard-00000.safetensors}. */
    public static String fileName(int index) {
        return String.format("shard-%05d.safetensors", index);
    }

    public static void write(TokenShard shard, Path file) throws IOException {
        new SafetensorsWriter()
                .metadata(shard.metadata())
                .putLongs("input_ids", shard.inputIds(), shard.inputIds().length)
                .putLongs("labels", shard.labels(), shard.labels().length)
                .putLongs("position_ids", shard.positionIds(), shard.positionIds().length)
                .putLongs("row_lengths", shard.rowLengths(), shard.rowLengths().length)
                .write(file);
    }
}
