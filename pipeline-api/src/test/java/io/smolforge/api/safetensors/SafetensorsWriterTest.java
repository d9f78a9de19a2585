package io.smolforge.api.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsWriterTest {

    @TempDir
    Path temp;

    private static SafetensorsWriter goldenTensors() {
        return new SafetensorsWriter()
                .metadata("format", "pt")
                .putInts("row_lengths", new int[] {7, 11}, 2)
                .putFloats("weight", new float[] {1.5f, -2.25f, 3.0f, 0.1f, 1e-30f, -7.0f}, 2, 3)
                .putFloats("empty", new float[0], 0, 4)
                .putLongs("input_ids", new long[] {0, -100, 4101, 1L << 40}, 4)
                .putFloats("bias.bf16", SafetensorsDtype.BF16, new float[] {1.0f, -0.3333f, 65504.0f, 1e-3f}, 4);
    }

    @Test
    void writesTheSameBytesAsTheReferenceWriter() throws Exception {
        Path file = temp.resolve("out.safetensors");
        goldenTensors().write(file);
        assertThat(Files.readAllBytes(file))
                .isEqualTo(Files.readAllBytes(SafetensorsReaderTest.golden("written_by_reference.safetensors")));
    }

    @Test
    void headerIsPaddedToEightBytes() throws Exception {
        Path file = temp.resolve("pad.safetensors");
        new SafetensorsWriter().putFloats("x", new float[] {1}, 1).write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes[(int) (8 + headerLength - 1)]).isEqualTo((byte) ' ');
    }

    @Test
    void roundTripsLargeTensorAcrossWriteChunks() throws Exception {
        float[] values = new float[700_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3;
        }
        Path file = temp.resolve("big.safetensors");
        new SafetensorsWriter().putFloats("big", values, 700, 1000).write(file);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.floats("big")).isEqualTo(values);
        }
    }

    @Test
    void rejectsDataThatDoesNotFitTheShape() {
        assertThatThrownBy(() -> new SafetensorsWriter().putFloats("w", new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'");
    }
}
