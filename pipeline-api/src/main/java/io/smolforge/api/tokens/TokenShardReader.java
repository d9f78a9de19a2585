package io.smolforge.api.tokens;

import io.smolforge.api.safetensors.SafetensorsException;
import io.smolforge.api.safetensors.SafetensorsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads token shards written by {@link TokenShardWriter}, checking the format. */
public final class TokenShardReader {

    private TokenShardReader() {
    }

    public static TokenShard read(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            String format = reader.metadata().get("format");
            if (!TokenShard.FORMAT.equals(format)) {
                throw new SafetensorsException(file + " is not a token shard: __metadata__.format is " + format
                        + ", expected " + TokenShard.FORMAT);
            }
            for (String name : List.of("input_ids", "labels", "position_ids", "row_lengths")) {
                if (!reader.contains(name)) {
                    throw new SafetensorsException("token shard " + file + " has no tensor '" + name + "'");
                }
            }
            try {
                return new TokenShard(reader.longs("input_ids"), reader.longs("labels"), reader.longs("position_ids"),
                        reader.longs("row_lengths"), reader.metadata());
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException("token shard " + file + " is inconsistent: " + e.getMessage(), e);
            }
        }
    }

    /** The {@code shard-*.safetensors} files of a prepare output folder, in order. */
    public static List<Path> shardsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("shard-") && name.endsWith(".safetensors");
            }).sorted().toList();
        }
    }
}
