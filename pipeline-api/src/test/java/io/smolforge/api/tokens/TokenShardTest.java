package io.smolforge.api.tokens;

import io.smolforge.api.safetensors.SafetensorsException;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenShardTest {

    @TempDir
    Path dir;

    private static TokenShard twoRows() {
        return new TokenShard(
                new long[] {3, 10, 11, 4, 3, 12, 4},
                new long[] {-100, -100, 11, 4, -100, 12, 4},
                new long[] {0, 1, 2, 3, 0, 1, 2},
                new long[] {4, 3},
                TokenShard.metadata("bfd", 1024));
    }

    @Test
    void roundTripsThroughSafetensorsWithFormatMetadata() throws Exception {
        Path file = dir.resolve(TokenShardWriter.fileName(0));
        TokenShardWriter.write(twoRows(), file);

        assertThat(file.getFileName().toString()).isEqualTo("shard-00000.safetensors");
        assertThat(TokenShardReader.read(file)).isEqualTo(twoRows());
        try (SafetensorsReader raw = SafetensorsReader.open(file)) {
            assertThat(raw.metadata()).containsEntry("format", "smolforge.tokens/1")
                    .containsEntry("packing", "bfd").containsEntry("max_length", "1024");
            assertThat(raw.info("input_ids").dtype().name()).isEqualTo("I64");
            assertThat(raw.shape("row_lengths")).containsExactly(2);
        }
        assertThat(TokenShardReader.shardsIn(dir)).containsExactly(file);
    }

    @Test
    void rejectsRowLengthsThatDoNotCoverTheTokens() {
        assertThatThrownBy(() -> new TokenShard(new long[3], new long[3], new long[3], new long[] {2}, Map.of()))
                .hasMessageContaining("sum to 2").hasMessageContaining("3 tokens");
    }

    @Test
    void refusesASafetensorsFileThatIsNotATokenShard() throws Exception {
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter().metadata("format", "pt").putFloats("w", new float[] {1f}, 1).write(file);
        assertThatThrownBy(() -> TokenShardReader.read(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("not a token shard").hasMessageContaining("model.safetensors");
    }

    @Test
    void rowOffsetsLocateEachRow() {
        assertThat(twoRows().rowOffsets()).containsExactly(0, 4, 7);
    }
}
